// Kestra's validation rules one by one, with their exact texts and paths, for 1.x and where 0.21 differs.
#include <catch2/catch_test_macros.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "FlowRun.h"
#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"

using namespace kcicd::flow;

namespace {

FileReport run(const std::string& yaml, KestraVersion version = KestraVersion::V1_3) {
  return kcicd::test::validateFlow(yaml, version);
}

std::string errors(const FileReport& report) { return kcicd::test::errorLines(report); }

bool has(const FileReport& report, const std::string& line) { return errors(report).find(line) != std::string::npos; }

const char* kHeader = "id: my_flow\nnamespace: company.team\n";
const char* kLog = "tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

std::string flow(const std::string& body) { return std::string(kHeader) + body; }

}  // namespace

TEST_CASE("a minimal flow is valid and identified as <namespace>.<id>", "[rules]") {
  auto report = run(flow(kLog));
  INFO(errors(report));
  REQUIRE(report.valid());
  CHECK(report.documents[0].identity() == "company.team.my_flow");
  CHECK(report.documents[0].warnings.empty());
  CHECK(report.documents[0].uncheckedTypes.empty());
}

TEST_CASE("flow id, namespace and tasks are required and patterned", "[rules]") {
  auto missing = run("description: nothing\n");
  CHECK(errors(missing) == "id: must not be null\nid: must not be blank\nnamespace: must not be null\ntasks: must not be empty\n");
  auto bad = run(std::string("id: my#flow\nnamespace: My.Team\ntasks: []\n"));
  CHECK(has(bad, "id: must match \"^[a-zA-Z0-9][a-zA-Z0-9._-]*\""));
  CHECK(has(bad, "namespace: must match \"^[a-z0-9][a-z0-9._-]*\""));
  CHECK(has(bad, "tasks: must not be empty"));
  auto longId = run("id: " + std::string(101, 'a') + "\nnamespace: n\n" + kLog);
  CHECK(has(longId, "id: size must be between 1 and 100"));
  std::string longTask = flow("tasks:\n  - id: " + std::string(257, 't') + "\n    type: io.kestra.plugin.core.log.Log\n"
                              "    message: x\n");
  CHECK(has(run(longTask), std::string(257, 't') + ".id: Task id must be at most 256 characters"));
  CHECK(run(longTask, KestraVersion::V0_21).valid());
  auto revision = run(flow(std::string(kLog) + "revision: 0\n"));
  CHECK(has(revision, "revision: must be greater than or equal to 1"));
}

TEST_CASE("top-level keys: 1.x drops listeners and taskDefaults, adds afterExecution and checks", "[rules]") {
  auto listeners = run(flow(std::string(kLog) + "listeners:\n  - tasks: []\n"));
  CHECK(has(listeners,
            "listeners: Unrecognized field \"listeners\" (class io.kestra.core.models.flows.Flow), not marked as ignorable (22 "
            "known properties: \"id\", \"namespace\""));
  auto old = run(flow(std::string(kLog) +
                      "listeners:\n  - tasks:\n      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n"),
                 KestraVersion::V0_21);
  CHECK(old.valid());
  CHECK(old.documents[0].warnings.at(0).message == "listeners is deprecated");
  auto after = run(flow(std::string(kLog) +
                        "afterExecution:\n  - id: done\n    type: io.kestra.plugin.core.log.Log\n    message: bye\n"
                        "checks:\n  - condition: \"{{ true }}\"\n    message: ok\n    style: INFO\n"));
  INFO(errors(after));
  CHECK(after.valid());
  CHECK(has(run(flow(std::string(kLog) + "checks:\n  - message: m\n")), "checks[0].condition: must not be null"));
  CHECK(!run(flow(std::string(kLog) + "afterExecution: []\n"), KestraVersion::V0_21).valid());
}

TEST_CASE("unknown task properties fail like Jackson's UnrecognizedPropertyException", "[rules][catalog]") {
  auto report = run(flow("tasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    invalid: x\n"), KestraVersion::V0_21);
  REQUIRE(report.documents[0].errors.size() == 1);
  const auto& e = report.documents[0].errors[0];
  CHECK(e.message ==
        "Unrecognized field \"invalid\" (class io.kestra.plugin.core.debug.Return), not marked as ignorable (13 known "
        "properties: \"id\", \"type\", \"description\", \"retry\", \"timeout\", \"disabled\", \"workerGroup\", "
        "\"logLevel\", \"allowFailure\", \"logToFile\", \"runIf\", \"allowWarning\", \"format\"])");
  CHECK(e.path == "tasks[0].invalid");
  CHECK(e.pointer == "/tasks/0/invalid");
  CHECK(e.position.line == 6);
  CHECK(e.position.column == 5);
  CHECK(report.documents[0].constraints == e.message + "\n");
  // 1.x knows the newer common properties.
  CHECK(run(flow("tasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n    version: \"1\"\n"))
            .valid());
}

TEST_CASE("a mistyped property gets a did-you-mean hint, Kestra's message unchanged", "[rules][catalog]") {
  for (auto version : {KestraVersion::V2_0, KestraVersion::V1_3, KestraVersion::V0_21}) {
    auto report = run(flow("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    mesage: hi\n"), version);
    REQUIRE(report.documents[0].errors.size() == 1);
    const auto& e = report.documents[0].errors[0];
    CHECK(e.message.rfind("Unrecognized field \"mesage\" (class io.kestra.plugin.core.log.Log)", 0) == 0);
    CHECK(e.hint == "did you mean \"message\"?");
  }
  auto far = run(flow("tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    colour: red\n"));
  REQUIRE(far.documents[0].errors.size() == 1);
  CHECK(far.documents[0].errors[0].hint.empty());  // nothing close: no guess
}

TEST_CASE("a mistyped enum value gets a did-you-mean hint, Kestra's message unchanged", "[rules][catalog]") {
  auto report = run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    logLevel: WRAN\n"));
  REQUIRE(report.documents[0].errors.size() == 1);
  const auto& e = report.documents[0].errors[0];
  CHECK(has(report, "from String \"WRAN\": not one of the values accepted for Enum class: [ERROR, WARN, INFO, DEBUG, TRACE]"));
  CHECK(e.hint == "did you mean \"WARN\"?");
  auto far = run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    logLevel: LOUD\n"));
  REQUIRE(far.documents[0].errors.size() == 1);
  CHECK(far.documents[0].errors[0].hint.empty());
}

TEST_CASE("unknown core types are errors, other plugins are unchecked", "[rules][catalog]") {
  auto core = run(flow("tasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Missing\n"));
  CHECK(errors(core) ==
        "tasks[0]: Invalid type: io.kestra.plugin.core.debug.Missing\n"
        "tasks[0]: Could not resolve type id 'io.kestra.plugin.core.debug.Missing' as a subtype of "
        "`io.kestra.core.models.Plugin`: No plugin registered for the defined type: 'io.kestra.plugin.core.debug.Missing'\n");
  CHECK(has(run(flow("tasks:\n  - id: t\n")), "tasks[0]: Invalid type: <null>"));
  CHECK(has(run(flow("tasks:\n  - id: t\n    type: not a class\n")), "Invalid type: not a class"));
  CHECK(has(run(flow("tasks:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n")),
            "`io.kestra.plugin.core.trigger.Schedule` is a trigger, not a task"));
  auto plugin = run(flow(
      "tasks:\n  - id: py\n    type: io.kestra.plugin.scripts.julia.Script\n    script: print(1)\n    anything: goes\n"));
  INFO(errors(plugin));
  REQUIRE(plugin.valid());
  CHECK(plugin.documents[0].uncheckedTypes == std::vector<std::string>{"io.kestra.plugin.scripts.julia.Script"});
  // The properties every task has are still checked on unchecked types.
  CHECK(has(run(flow("tasks:\n  - id: py!\n    type: io.kestra.plugin.scripts.julia.Script\n")),
            "py!.id: must match \"^[a-zA-Z0-9][a-zA-Z0-9_-]*\""));  // Kestra puts the task id in the path
  CHECK(has(run(flow("tasks:\n  - id: py\n    type: io.kestra.plugin.scripts.julia.Script\n    disabled: maybe\n")),
            "only \"true\" or \"false\" recognized"));
}

TEST_CASE("aliases resolve to their core class and are reported as infos", "[rules][catalog]") {
  auto report = run(flow("tasks:\n  - id: l\n    type: io.kestra.core.tasks.log.Log\n    message: x\n"));
  REQUIRE(report.valid());
  REQUIRE(report.documents[0].infos.size() == 1);
  CHECK(report.documents[0].infos[0].message == "io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log");
  CHECK(report.documents[0].infos[0].position.line == 5);
  // 1.x: WaitFor is an alias of LoopUntil; 0.21: its own type.
  std::string waitFor = flow(
      "tasks:\n  - id: w\n    type: io.kestra.plugin.core.flow.WaitFor\n    condition: \"{{ true }}\"\n    tasks:\n"
      "      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n");
  auto v13 = run(waitFor);
  REQUIRE(v13.valid());
  CHECK(v13.documents[0].infos.at(0).message ==
        "io.kestra.plugin.core.flow.WaitFor is replaced by io.kestra.plugin.core.flow.LoopUntil");
  auto v021 = run(waitFor, KestraVersion::V0_21);
  REQUIRE(v021.valid());
  CHECK(v021.documents[0].infos.empty());
}

TEST_CASE("required task properties, with the @NotNull/@NotEmpty pairs and the id quirk in paths", "[rules]") {
  auto report = run(flow("tasks:\n  - id: para\n    type: io.kestra.plugin.core.flow.Parallel\n"
                         "  - id: log\n    type: io.kestra.plugin.core.log.Log\n"));
  CHECK(errors(report) == "para.tasks: must not be null\npara.tasks: must not be empty\nlog.message: must not be null\n");
  // A required property given by the flow's pluginDefaults is not missing (the server injects them).
  CHECK(run(flow("pluginDefaults:\n  - type: io.kestra.plugin.core.log\n    values:\n      message: hi\n"
                 "tasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n"))
            .valid());
  // Without an id the index path is kept.
  CHECK(has(run(flow("tasks:\n  - type: io.kestra.plugin.core.log.Log\n    message: x\n")), "tasks[0].id: must not be null"));
}

TEST_CASE("duplicate ids through every nested task list, ForEachItem's synthetic tasks included", "[rules]") {
  auto report = run(flow(
      "tasks:\n"
      "  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"
      "  - id: if\n    type: io.kestra.plugin.core.flow.If\n    condition: \"{{ true }}\"\n    then:\n"
      "      - id: a\n        type: io.kestra.plugin.core.log.Log\n        message: x\n    else:\n"
      "      - id: sw\n        type: io.kestra.plugin.core.flow.Switch\n        value: x\n        cases:\n          X:\n"
      "            - id: b\n              type: io.kestra.plugin.core.log.Log\n              message: x\n"
      "  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n"
      "      - task:\n          id: b\n          type: io.kestra.plugin.core.log.Log\n          message: x\n"
      "  - id: each\n    type: io.kestra.plugin.core.flow.ForEachItem\n    items: \"{{ inputs.file }}\"\n"
      "    namespace: n\n    flowId: f\n"
      "  - id: each_merge\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"
      "errors:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"
      "triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"@daily\"\n"
      "  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"@hourly\"\n"));
  CHECK(has(report, ": Invalid Flow: Duplicate task id with name [a, b, each_merge], Duplicate trigger id with name [t]"));
}

TEST_CASE("recursive subflows, from Subflow and ForEachItem", "[rules]") {
  CHECK(has(run(flow("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n"
                     "    flowId: my_flow\n")),
            "Invalid Flow: Recursive call to flow [company.team.my_flow]"));
  CHECK(has(run(flow("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.ForEachItem\n    items: x\n"
                     "    namespace: company.team\n    flowId: my_flow\n")),
            "Recursive call to flow [company.team.my_flow]"));
  CHECK(run(flow("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n"
                 "    flowId: other\n"))
            .valid());
}

TEST_CASE("flowable rules: Dag, Switch, WorkingDirectory, If", "[rules]") {
  std::string dag = flow(
      "tasks:\n  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n"
      "      - task: {id: a, type: io.kestra.plugin.core.log.Log, message: x}\n        dependsOn: [b]\n"
      "      - task: {id: b, type: io.kestra.plugin.core.log.Log, message: x}\n        dependsOn: [a, zz]\n");
  CHECK(has(run(dag), "dag: Not existing task id in dependency: zz"));
  CHECK(has(run(dag), "dag: Cyclic dependency detected: a, b"));
  CHECK(has(run(flow("tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases: {}\n")),
            "sw: No task defined, neither cases or default have any tasks"));
  CHECK(has(run(flow("tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases:\n      A: []\n"
                     "    defaults:\n      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n")),
            "sw.cases[A]: must not be empty"));
  // Switch cases are not bean-validated (Kestra's FIXME), but are parsed strictly.
  CHECK(run(flow("tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases:\n      A:\n"
                 "        - id: l\n          type: io.kestra.plugin.core.log.Log\n"))
            .valid());
  CHECK(has(run(flow("tasks:\n  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n")),
            "wd: The 'tasks' property cannot be empty"));
  CHECK(has(run(flow("tasks:\n  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    tasks:\n"
                     "      - id: seq\n        type: io.kestra.plugin.core.flow.Sequential\n        tasks: []\n")),
            "wd: Only runnable tasks are allowed as children of a WorkingDirectory task"));
  CHECK(has(run(flow("tasks:\n  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    tasks:\n"
                     "      - id: py\n        type: io.kestra.plugin.scripts.python.Script\n        workerGroup:\n"
                     "          key: g\n")),
            "Cannot set a Worker Group in any WorkingDirectory sub-tasks"));
  std::string noCondition = flow("tasks:\n  - id: if\n    type: io.kestra.plugin.core.flow.If\n    then:\n"
                                 "      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n");
  CHECK(has(run(noCondition), "if.condition: must not be null"));
  CHECK(run(noCondition, KestraVersion::V0_21).valid());
}

TEST_CASE("inputs: types, ids, dependsOn, class validators", "[rules][inputs]") {
  CHECK(has(run(flow(std::string(kLog) + "inputs:\n  - id: x\n    type: FOO\n")), "inputs[0]: Invalid type: FOO"));
  CHECK(has(run(flow(std::string(kLog) + "inputs:\n  - id: x\n")), "missing type id property 'type' (for POJO property 'inputs')"));
  auto rules = run(flow(std::string(kLog) +
                        "inputs:\n  - id: f\n    type: FILE\n    defaults: x\n  - id: arr\n    type: ARRAY\n    itemType: ARRAY\n"
                        "  - id: s\n    type: STRING\n    validator: \"[a-z\"\n  - id: bad id\n    type: STRING\n"));
  CHECK(has(rules, "f: no `defaults` can be set for inputs of type 'FILE'"));
  CHECK(has(rules, "arr: `itemType` cannot be `ARRAY`"));
  CHECK(has(rules, "s.validator: invalid pattern [[a-z]"));
  CHECK(has(rules, "bad id.id: must match \"^[a-zA-Z0-9][.a-zA-Z0-9_-]*\""));
  auto deps = run(flow(std::string(kLog) +
                       "inputs:\n  - id: a\n    type: STRING\n    dependsOn:\n      inputs: [b, ghost]\n"
                       "  - id: b\n    type: STRING\n    dependsOn:\n      inputs: [a]\n  - id: a\n    type: INT\n"));
  CHECK(has(deps, "Duplicate input with name [a]"));
  CHECK(has(deps, "Input with id 'a' depends on a non-existent input 'ghost'."));
  CHECK(has(deps, "Cycle dependency detected for input with id 'a': [a, b]"));
  std::string defaults = flow(std::string(kLog) + "inputs:\n  - id: d\n    type: STRING\n    defaults: x\n    required: false\n");
  CHECK(has(run(defaults), "d: Inputs with a default value must be required, since the default is always applied."));
  CHECK(run(defaults, KestraVersion::V0_21).valid());
  // 0.21 typed defaults; 1.x Property<T> defaults and BOOL.
  std::string typed = flow(std::string(kLog) + "inputs:\n  - id: n\n    type: INT\n    defaults: \"{{ 1 + 1 }}\"\n");
  CHECK(run(typed).valid());
  CHECK(has(run(typed, KestraVersion::V0_21), "not a valid `java.lang.Integer` value"));
  CHECK(run(flow(std::string(kLog) + "inputs:\n  - id: b\n    type: BOOL\n")).valid());
  auto name = run(flow(std::string(kLog) + "inputs:\n  - name: legacy\n    type: STRING\n"));
  REQUIRE(name.valid());
  CHECK(name.documents[0].warnings.at(0).message == "inputs[0].name is deprecated");
}

TEST_CASE("labels: list or map, system labels, 1.x keys", "[rules][labels]") {
  CHECK(run(flow(std::string(kLog) + "labels:\n  system.readOnly: true\n  team: data\n")).valid());
  CHECK(run(flow(std::string(kLog) + "labels:\n  - key: team\n    value: data\n")).valid());
  CHECK(has(run(flow(std::string(kLog) + "labels:\n  system.id: x\n")),
            "Invalid Flow: System labels can only be set by Kestra itself, offending label: system.id=x"));
  std::string upper = flow(std::string(kLog) + "labels:\n  Team: data\n");
  CHECK(has(run(upper), "labels[0].key: Invalid label key. A valid key contains only lowercase letters numbers hyphens (-) "
                        "underscores (_) or periods (.) and must begin with a lowercase letter."));
  CHECK(run(upper, KestraVersion::V0_21).valid());
  CHECK(has(run(flow(std::string(kLog) + "labels: plain\n")), "neither an object neither an array"));
  CHECK(has(run(flow(std::string(kLog) + "labels:\n  team: [a]\n")), "Unsupported type for key: team, value: [\"a\"]"));
}

TEST_CASE("reserved flow ids (1.x)", "[rules]") {
  auto report = run(std::string("id: pause\nnamespace: n\n") + kLog);
  CHECK(has(report, "Invalid Flow: Flow id is a reserved keyword: pause. List of reserved keywords: pause, resume, "
                    "force-run, change-status, kill, executions, search, source, disable, enable"));
  CHECK(run(std::string("id: pause\nnamespace: n\n") + kLog, KestraVersion::V0_21).valid());
}

TEST_CASE("dashed ids referenced with the dot notation (1.x)", "[rules]") {
  auto inputs = run(flow("inputs:\n  - id: my-input\n    type: STRING\n"
                         "tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ inputs.my-input }}\"\n"
                         "  - id: ok\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ inputs['my-input'] }}\"\n"));
  CHECK(has(inputs, "Invalid input reference: use inputs[key-name] instead of inputs.key-name \u2014 keys with dashes "
                    "require bracket notation, offending tasks: [hello]"));
  auto outputs = run(flow("tasks:\n  - id: my-task\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n"
                          "  - id: use\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ outputs.my-task.value }}\"\n"
                          "outputs:\n  - id: final\n    type: STRING\n    value: \"{{ outputs.my-task.value }}\"\n"));
  CHECK(has(outputs, "offending tasks: [use]"));
  CHECK(has(outputs, "offending outputs: [final]"));
}

TEST_CASE("triggers: Schedule cron and time zone, Webhook key, Flow trigger", "[rules][triggers]") {
  auto cron = run(flow(std::string(kLog) + "triggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n"
                                           "    cron: \"* * * *\"\n    timezone: Mars/Olympus\n"));
  CHECK(has(cron, "triggers[0]: invalid cron expression '* * * *': Cron expression contains 4 parts but we expect one of [5]"));
  auto seconds = run(flow(std::string(kLog) + "triggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n"
                                              "    cron: \"*/5 * * * * *\"\n    withSeconds: true\n"));
  CHECK(seconds.valid());
  CHECK(has(run(flow(std::string(kLog) + "triggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n")),
            "triggers[0].cron: must not be null"));
  CHECK(has(run(flow(std::string(kLog) + "triggers:\n  - id: w\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: " +
                     std::string(257, 'k') + "\n")),
            "triggers[0].key: size must be between 0 and 256"));
  auto upstream = run(flow(std::string(kLog) + "triggers:\n  - id: f\n    type: io.kestra.plugin.core.trigger.Flow\n"));
  REQUIRE(upstream.valid());
  CHECK(upstream.documents[0].warnings.at(0).message ==
        "This flow will be triggered for EVERY execution of EVERY flow on your instance. We recommend adding the "
        "preconditions property to the Flow trigger 'f'.");
  auto filter = run(flow(std::string(kLog) +
                         "triggers:\n  - id: f\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: p\n"
                         "      where:\n        - id: w\n          filters:\n            - field: NAMESPACE\n"
                         "              type: IN\n              value: x\n"));
  CHECK(has(filter, "`value` must be null for type IN"));
}

TEST_CASE("retry, concurrency and durations", "[rules]") {
  auto retry = run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n    retry:\n"
                        "      type: exponential\n      interval: PT1M\n      maxInterval: PT30S\n      maxAttempt: 0\n"));
  CHECK(has(retry, "tasks[0].retry: 'interval' must be less than 'maxInterval' but is PT1M"));
  CHECK(has(retry, "tasks[0].retry.maxAttempt: must be greater than or equal to 1"));
  CHECK(has(run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: x\n    retry:\n"
                     "      type: sometimes\n")),
            "Invalid type: sometimes"));
  CHECK(has(run(flow(std::string(kLog) + "concurrency:\n  behavior: QUEUE\n")), "concurrency.limit: must not be null"));
  CHECK(has(run(flow(std::string(kLog) + "concurrency:\n  limit: -1\n")), "concurrency.limit: must be greater than 0"));
  CHECK(has(run(flow("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: 5 minutes\n"),
                KestraVersion::V0_21),
            "Text cannot be parsed to a Duration"));
  CHECK(run(flow("tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT5M\n")).valid());
}

TEST_CASE("worker groups are Enterprise Edition; 1.x warns about runnable-only properties", "[rules]") {
  CHECK(errors(run(flow("tasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n    workerGroup:\n"
                        "      key: g\n"))) == "tasks[0].workerGroup: Worker Group is an Enterprise Edition functionality\n");
  auto warn = run(flow("tasks:\n  - id: seq\n    type: io.kestra.plugin.core.flow.Sequential\n    timeout: PT1M\n    tasks:\n"
                       "      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n"));
  REQUIRE(warn.valid());
  CHECK(warn.documents[0].warnings.at(0).message ==
        "The task 'seq' cannot use the 'timeout' property as it's only relevant for runnable tasks.");
  CHECK(has(run(flow("tasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n    assets: {}\n")),
            "Task 'r' can't have any `assets` because assets are only available in Enterprise Edition."));
}

TEST_CASE("deprecations follow FlowService.deprecationTraversal", "[rules]") {
  auto report = run(flow("tasks:\n  - id: seq\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n"
                         "      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n"
                         "      - id: e\n        type: io.kestra.plugin.core.debug.Echo\n        format: x\n"));
  REQUIRE(report.valid());
  CHECK(report.documents[0].warnings.at(0).message == "tasks[1] is deprecated");  // the prefix restarts at each list
}

TEST_CASE("wrong shapes are parse errors", "[rules]") {
  CHECK(has(run(flow("tasks:\n  id: x\n")),
            "Cannot deserialize value of type `java.util.List<io.kestra.core.models.tasks.Task>` from Object value"));
  CHECK(has(run(flow(std::string(kLog) + "variables: [a]\n")), "from Array value"));
  CHECK(has(run(flow("tasks:\n  - just a string\n")), "a task is a mapping with an `id` and a `type`"));
  CHECK(has(run("- a\n- b\n"), "a flow must be a YAML mapping"));
  CHECK(has(run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    logLevel: LOUD\n")),
            "from String \"LOUD\": not one of the values accepted for Enum class: [ERROR, WARN, INFO, DEBUG, TRACE]"));
  // An unquoted {{ }} is a mapping key.
  auto unquoted = run(flow("tasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    message: {{ inputs.x }}\n"));
  CHECK(has(unquoted, "yaml: YAML syntax error: Unexpected mapping start"));
  CHECK(unquoted.documents[0].errors[0].position.line == 6);
}

TEST_CASE("duplicate YAML keys and syntax errors", "[rules]") {
  auto dup = run(flow("tasks:\n  - id: l\n    id: m\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"));
  CHECK(errors(dup) == "yaml: YAML parsing error: Duplicate field 'id'\n");
  CHECK(dup.documents[0].constraints == "Illegal flow source: YAML parsing error: Duplicate field 'id'\n");
  CHECK(run(flow("tasks:\n  - id: l\n    id: m\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"),
            KestraVersion::V0_21)
            .documents[0]
            .constraints ==
        "Illegal flow yaml: Duplicate field 'id'\n");
  auto syntax = run("id: a\nnamespace: [b\n");
  REQUIRE(syntax.documents.size() == 1);
  CHECK(syntax.documents[0].errors[0].path == "yaml");
  CHECK(syntax.documents[0].errors[0].message.rfind("YAML parsing error: ", 0) == 0);
}

TEST_CASE("multi-document sources: one report per flow, a syntax error ends the file", "[rules]") {
  auto report = run(flow(kLog) + "---\n" + flow("tasks: []\n") + "---\nid: [\n");
  REQUIRE(report.documents.size() == 3);
  CHECK(report.documents[0].valid());
  CHECK(!report.documents[1].valid());
  CHECK(report.documents[1].position.line == 7);
  CHECK(report.documents[2].errors[0].path == "yaml");
  CHECK(report.documents[0].documents == 3);
}

TEST_CASE("an external check (plugin JSON schema) reports at the pointer's line", "[rules]") {
  ValidatorOptions options;
  options.externalCheck = [](const nlohmann::json& document) {
    std::vector<ExternalViolation> out;
    if (document["tasks"][0]["message"] == "hi") out.push_back({"/tasks/0/message", "must be shouted"});
    return out;
  };
  FlowValidator validator(options);
  auto report = validator.validate(flow(kLog), "flow.yml");
  REQUIRE(report.documents[0].errors.size() == 1);
  const auto& e = report.documents[0].errors[0];
  CHECK(e.message == "must be shouted");
  CHECK(e.path == "tasks[0].message");
  CHECK(e.position.line == 6);
}

TEST_CASE("the embedded catalog is complete and versioned", "[catalog]") {
  const auto& catalog = PluginCatalog::core();
  CHECK(catalog.types().size() == 147);  // 110 core types + 37 plugin types (PluginCatalogTest.cpp, PluginCatalogMoreTest.cpp)
  auto log = catalog.resolve("io.kestra.plugin.core.log.Log", KestraVersion::V1_3);
  REQUIRE(log.type);
  CHECK(!log.alias);
  CHECK(log.type->runnable());
  auto alias = catalog.resolve("io.kestra.core.tasks.flows.Flow", KestraVersion::V1_3);
  REQUIRE(alias.type);
  CHECK(alias.alias);
  CHECK(alias.type->name == "io.kestra.plugin.core.flow.Subflow");
  CHECK(!catalog.resolve("io.kestra.plugin.core.flow.LoopUntil", KestraVersion::V0_21).type);
  CHECK(catalog.resolve("io.kestra.plugin.core.flow.ForEachItem.ForEachItemSplit", KestraVersion::V1_3).internal);
  const auto* loop = catalog.resolve("io.kestra.plugin.core.flow.LoopUntil", KestraVersion::V1_3).type;
  REQUIRE(loop);
  CHECK(loop->object.find("id", KestraVersion::V1_3));  // base properties merged into 1.x-only types
}

TEST_CASE("versionOfServer: the rules for a server's version string", "[KestraVersion]") {
  using kcicd::flow::KestraVersion;
  using kcicd::flow::versionOfServer;
  CHECK(versionOfServer("2.0.13") == KestraVersion::V2_0);
  CHECK(versionOfServer("1.3.5-oss") == KestraVersion::V1_3);
  CHECK(versionOfServer("v1.0.0") == KestraVersion::V1_3);
  CHECK(versionOfServer("0.22.1") == KestraVersion::V0_21);
  CHECK(versionOfServer("3.1.0") == KestraVersion::V2_0);  // newer than known: the newest rules
  CHECK_FALSE(versionOfServer("").has_value());
  CHECK_FALSE(versionOfServer("snapshot").has_value());
  CHECK_FALSE(versionOfServer("2x").has_value());
}
