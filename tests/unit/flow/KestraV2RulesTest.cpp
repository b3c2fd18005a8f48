// Kestra 2.0 rules (src/flow/KestraV2Rules.cpp and the 2.0 rows of the catalog): each construct 2.0 refuses is
// refused under 2.0 with a hint and still accepted under 1.3; each 2.0 addition is accepted under 2.0 and
// refused under 1.3 where 1.3 refuses it. Sources: docs/kestra-2.0-rules.md.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <utility>

#include "FlowRun.h"
#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"

using namespace kcicd::flow;

namespace {

FileReport run(const std::string& yaml, KestraVersion version) { return kcicd::test::validateFlow(yaml, version); }

std::string errors(const FileReport& report) { return kcicd::test::errorLinesWithHints(report); }

bool has(const FileReport& report, const std::string& text) { return errors(report).find(text) != std::string::npos; }

// "line:column" of the first error whose message contains `text` ("" when none): the file:line:col users see.
std::string at(const FileReport& report, const std::string& text) {
  for (const auto& d : report.documents)
    for (const auto& e : d.errors)
      if ((e.path + ": " + e.message).find(text) != std::string::npos)
        return std::to_string(e.position.line) + ":" + std::to_string(e.position.column);
  return "";
}

std::string atWarning(const FileReport& report, const std::string& text) {
  for (const auto& d : report.documents)
    for (const auto& w : d.warnings)
      if (w.message.find(text) != std::string::npos)
        return std::to_string(w.position.line) + ":" + std::to_string(w.position.column);
  return "";
}

std::string warnings(const FileReport& report) {
  std::string out;
  for (const auto& d : report.documents)
    for (const auto& w : d.warnings) out += w.message + "\n";
  return out;
}

const char* kHeader = "id: my_flow\nnamespace: company.team\n";
const char* kLog = "tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

std::string flow(const std::string& body) { return std::string(kHeader) + body; }
std::string withLog(const std::string& body) { return flow(std::string(kLog) + body); }

// One task under `tasks:` (its YAML lines indented by four spaces, the first one without the dash).
std::string oneTask(const std::string& lines) { return flow("tasks:\n  - " + lines); }

// Refused under 2.0 (with `message`, at `position` "line:column" when given, and a hint containing `hint`), valid
// under 1.3.
void refusedIn2(const std::string& yaml, const std::string& message, const std::string& hint,
                const std::string& position = "") {
  auto v2 = run(yaml, KestraVersion::V2_0);
  INFO(yaml << "\n2.0:\n" << errors(v2));
  CHECK(has(v2, message));
  if (!position.empty()) CHECK(at(v2, message) == position);
  CHECK(has(v2, "[hint: "));
  CHECK(has(v2, hint));
  auto v13 = run(yaml, KestraVersion::V1_3);
  INFO("1.3:\n" << errors(v13));
  CHECK(v13.valid());
}

// Valid under 2.0; under 1.3 `message` (or valid when `message` is empty).
void addedIn2(const std::string& yaml, const std::string& message) {
  auto v2 = run(yaml, KestraVersion::V2_0);
  INFO(yaml << "\n2.0:\n" << errors(v2));
  CHECK(v2.valid());
  auto v13 = run(yaml, KestraVersion::V1_3);
  INFO("1.3:\n" << errors(v13));
  if (message.empty()) CHECK(v13.valid());
  else CHECK(has(v13, message));
}

}  // namespace

TEST_CASE("2.0: --kestra-version 2.0 / 2.x, the default", "[v2]") {
  CHECK(parseKestraVersion("2.0") == KestraVersion::V2_0);
  CHECK(parseKestraVersion("2.x") == KestraVersion::V2_0);
  CHECK(parseKestraVersion("1.x") == KestraVersion::V1_3);
  CHECK(parseKestraVersion("0.x") == KestraVersion::V0_21);
  CHECK(toString(KestraVersion::V2_0) == "2.0");
  CHECK(ValidatorOptions{}.version == KestraVersion::V2_0);
  CHECK(run(flow(kLog), KestraVersion::V2_0).valid());
}

TEST_CASE("2.0: ForEach, ForEachItem, EachSequential, EachParallel are removed (use Loop)", "[v2]") {
  refusedIn2(oneTask("id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a, b]\n    tasks:\n"
                     "      - id: inner\n        type: io.kestra.plugin.core.log.Log\n        message: \"{{ taskrun.value }}\"\n"),
             "tasks[0]: Invalid type: io.kestra.plugin.core.flow.ForEach",
             "ForEach was removed in Kestra 2.0: use io.kestra.plugin.core.flow.Loop");
  for (const char* type : {"EachSequential", "EachParallel"})
    refusedIn2(oneTask(std::string("id: each\n    type: io.kestra.plugin.core.flow.") + type +
                       "\n    value: [a, b]\n    tasks:\n      - id: inner\n        type: io.kestra.plugin.core.log.Log\n"
                       "        message: x\n"),
               std::string("Invalid type: io.kestra.plugin.core.flow.") + type, "use io.kestra.plugin.core.flow.Loop");
  refusedIn2(oneTask("id: items\n    type: io.kestra.plugin.core.flow.ForEachItem\n    items: \"{{ inputs.file }}\"\n"
                     "    namespace: company.team\n    flowId: child\n"),
             "Invalid type: io.kestra.plugin.core.flow.ForEachItem", "Loop + io.kestra.plugin.core.flow.Subflow");
  // The message Kestra 2.0 gives for an unknown type, hint apart.
  auto v2 = run(oneTask("id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a]\n"), KestraVersion::V2_0);
  CHECK(has(v2, "No plugin registered for the defined type: 'io.kestra.plugin.core.flow.ForEach'"));
  CHECK(v2.documents[0].errors.at(0).position.line == 5);
}

TEST_CASE("2.0: Loop and its properties are accepted", "[v2]") {
  auto loop = oneTask("id: loop\n    type: io.kestra.plugin.core.flow.Loop\n    values: [a, b]\n    concurrencyLimit: 2\n"
                      "    transmitFailed: false\n    fetchType: STORE\n    breakWhen: \"{{ item.value == 'b' }}\"\n"
                      "    tasks:\n      - id: inner\n        type: io.kestra.plugin.core.log.Log\n"
                      "        message: \"{{ item.value }}\"\n");
  auto v2 = run(loop, KestraVersion::V2_0);
  INFO(errors(v2));
  CHECK(v2.valid());
  CHECK(!run(oneTask("id: loop\n    type: io.kestra.plugin.core.flow.Loop\n    values: [a]\n    fetchType: FETCH_ONE\n"
                     "    tasks:\n      - id: inner\n        type: io.kestra.plugin.core.log.Log\n        message: x\n"),
             KestraVersion::V2_0)
             .valid());
}

TEST_CASE("2.0: other removed types (Template, Echo, state, LocalFiles, Count…)", "[v2]") {
  refusedIn2(oneTask("id: t\n    type: io.kestra.plugin.core.flow.Template\n    namespace: company.team\n    templateId: tpl\n"),
             "Invalid type: io.kestra.plugin.core.flow.Template", "io.kestra.plugin.core.flow.Subflow");
  refusedIn2(oneTask("id: e\n    type: io.kestra.plugin.core.debug.Echo\n    format: hi\n"),
             "Invalid type: io.kestra.plugin.core.debug.Echo", "use io.kestra.plugin.core.log.Log");
  refusedIn2(oneTask("id: s\n    type: io.kestra.plugin.core.state.Set\n    data:\n      k: v\n"),
             "Invalid type: io.kestra.plugin.core.state.Set", "io.kestra.plugin.core.kv.Set");
}

TEST_CASE("2.0: legacy aliases are removed", "[v2]") {
  refusedIn2(oneTask("id: old\n    type: io.kestra.core.tasks.log.Log\n    message: hi\n"),
             "tasks[0]: Invalid type: io.kestra.core.tasks.log.Log", "use io.kestra.plugin.core.log.Log");
  refusedIn2(withLog("triggers:\n  - id: every\n    type: io.kestra.core.models.triggers.types.Schedule\n"
                     "    cron: \"0 * * * *\"\n"),
             "triggers[0]: Invalid type: io.kestra.core.models.triggers.types.Schedule",
             "use io.kestra.plugin.core.trigger.Schedule");
  // 1.3 reports the relocation as an info; 2.0 has none to report.
  auto v13 = run(oneTask("id: old\n    type: io.kestra.core.tasks.log.Log\n    message: hi\n"), KestraVersion::V1_3);
  CHECK(v13.documents[0].infos.size() == 1);
}

TEST_CASE("2.0: flow-level pluginDefaults and taskDefaults are removed", "[v2]") {
  std::string defaults = withLog("pluginDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    forced: true\n"
                                 "    values:\n      level: INFO\n");
  refusedIn2(defaults, "pluginDefaults: Unrecognized field \"pluginDefaults\" (class io.kestra.core.models.flows.Flow)",
             "pluginDefaults was removed in Kestra 2.0");
  auto v2 = run(defaults, KestraVersion::V2_0);
  CHECK(has(v2, "(24 known properties: \"id\", \"namespace\""));
  CHECK(has(run(withLog("taskDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    values: {}\n"), KestraVersion::V2_0),
            "taskDefaults: Unrecognized field \"taskDefaults\""));
  // A property provided by pluginDefaults is no longer "provided" in 2.0: the block itself is the error.
  CHECK(!v2.valid());
}

TEST_CASE("2.0: trigger conditions / preconditions answer the AbstractTrigger catch-all", "[v2]") {
  std::string schedule = withLog("triggers:\n  - id: every_minute\n    type: io.kestra.plugin.core.trigger.Schedule\n"
                                 "    cron: \"* * * * *\"\n    conditions:\n"
                                 "      - type: io.kestra.plugin.core.condition.Weekend\n");
  refusedIn2(schedule,
             "triggers[0].conditions: Unrecognized property \"conditions\" on trigger \"every_minute\" "
             "(io.kestra.plugin.core.trigger.Schedule): trigger conditions were replaced by \"when\" in 2.0 (and by "
             "\"dependsOn\" on io.kestra.plugin.core.trigger.Flow) - see the migration guide "
             "https://kestra.io/docs/migration-guide/v2.0.0",
             "when: \"{{ ... }}\"");
  std::string upstream = withLog("triggers:\n  - type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n"
                                 "      id: up\n      flows:\n        - namespace: company.team\n          flowId: a\n"
                                 "    id: on_upstream\n");
  refusedIn2(upstream,
             "triggers[0].preconditions: Unrecognized property \"preconditions\" on trigger \"<unknown>\" "
             "(io.kestra.plugin.core.trigger.Flow): trigger preconditions were replaced by \"dependsOn\" in 2.0",
             "dependsOn");
  refusedIn2(withLog("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"* * * * *\"\n"
                     "    minLogLevel: INFO\n"),
             "Unrecognized property \"minLogLevel\" on trigger \"t\" (io.kestra.plugin.core.trigger.Schedule): this "
             "property does not exist on this trigger",
             "use logLevel");
  // Any unknown trigger key gets the same text in 2.0 (Jackson's in 1.3).
  auto bogus = withLog("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"* * * * *\"\n"
                       "    bogus: 1\n");
  CHECK(has(run(bogus, KestraVersion::V2_0), "Unrecognized property \"bogus\" on trigger \"t\""));
  CHECK(has(run(bogus, KestraVersion::V1_3), "Unrecognized field \"bogus\""));
  // Plugin triggers outside the catalog: only the keys 2.0 removed from every trigger are checked.
  auto plugin = withLog("triggers:\n  - id: t\n    type: io.kestra.plugin.aws.s3.Trigger\n    conditions: []\n    bucket: b\n");
  CHECK(has(run(plugin, KestraVersion::V2_0), "Unrecognized property \"conditions\" on trigger \"t\""));
  CHECK(run(plugin, KestraVersion::V1_3).valid());
}

TEST_CASE("2.0: a mistyped trigger property gets a did-you-mean hint, 2.0's message unchanged", "[v2]") {
  auto typo = withLog("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"* * * * *\"\n"
                      "    timezon: Europe/Paris\n");
  for (auto version : {KestraVersion::V2_0, KestraVersion::V1_3}) {
    auto report = run(typo, version);
    REQUIRE(report.documents[0].errors.size() == 1);
    CHECK(report.documents[0].errors[0].hint == "did you mean \"timezone\"?");
  }
  CHECK(has(run(typo, KestraVersion::V2_0), "Unrecognized property \"timezon\" on trigger \"t\""));
  // A removal hint wins over a guess.
  auto removed = withLog("triggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"* * * * *\"\n"
                         "    minLogLevel: INFO\n");
  CHECK(run(removed, KestraVersion::V2_0).documents[0].errors.at(0).hint.find("use logLevel") != std::string::npos);
}

TEST_CASE("2.0: trigger when, Flow trigger dependsOn/window/mode are accepted", "[v2]") {
  addedIn2(withLog("triggers:\n  - id: weekdays\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 9 * * *\"\n"
                   "    when: \"{{ not isWeekend() }}\"\n"),
           "Unrecognized field \"when\"");
  addedIn2(withLog("triggers:\n  - id: upstream\n    type: io.kestra.plugin.core.trigger.Flow\n    mode: AT_LEAST\n"
                   "    minSatisfied: 1\n    dependsOn:\n      - namespace: company.team\n        flowId: a\n"
                   "        states: [SUCCESS]\n    window:\n      every: PT1H\n"),
           "Unrecognized field \"dependsOn\"");
}

TEST_CASE("2.0: trigger id at most 256 characters; Flow trigger AT_LEAST wants minSatisfied", "[v2]") {
  std::string longId = withLog("triggers:\n  - id: " + std::string(257, 't') +
                               "\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 * * * *\"\n");
  CHECK(has(run(longId, KestraVersion::V2_0), "triggers[0].id: Trigger id must be at most 256 characters"));
  auto atLeast = run(withLog("triggers:\n  - id: up\n    type: io.kestra.plugin.core.trigger.Flow\n    mode: AT_LEAST\n"
                             "    dependsOn:\n      - flowId: a\n        namespace: company.team\n"),
                     KestraVersion::V2_0);
  CHECK(atLeast.valid());
  CHECK(warnings(atLeast).find("mode AT_LEAST needs minSatisfied") != std::string::npos);
}

TEST_CASE("2.0: Webhook fetchType NONE/FETCH/STORE and responseCode", "[v2]") {
  auto webhook = [](const std::string& extra) {
    return withLog("triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: abc\n" + extra);
  };
  // fetchType (and with STORE, trigger.uri) arrived in 2.0: a 1.3 flow only gets the re-parsed body
  // (docs/git-and-webhooks.md, Kestra's Webhook trigger).
  for (const char* value : {"FETCH", "STORE", "NONE"}) {
    INFO(value);
    CHECK(run(webhook(std::string("    fetchType: ") + value + "\n"), KestraVersion::V2_0).valid());
    CHECK(has(run(webhook(std::string("    fetchType: ") + value + "\n"), KestraVersion::V1_3),
              "Unrecognized field \"fetchType\""));
  }
  CHECK(has(run(webhook("    fetchType: FETCH_ONE\n"), KestraVersion::V2_0), "not one of the values accepted"));
  addedIn2(webhook("    wait: true\n    returnOutputs: true\n    responseCode: 202\n"), "Unrecognized field \"responseCode\"");
}

TEST_CASE("2.0: flow draft, workerSelector, policyRefs, quotas; workerGroup is gone", "[v2]") {
  addedIn2(withLog("draft: true\n"), "Unrecognized field \"draft\"");
  addedIn2(withLog("workerSelector:\n  tags: [gpu]\n  match: ALL\n  fallback: WAIT\n"), "Unrecognized field \"workerSelector\"");
  addedIn2(withLog("policyRefs: [prod]\nquotas:\n  - duration: PT1H\n    limit: 10\n    behavior: FAIL\n"),
           "Unrecognized field \"policyRefs\"");
  CHECK(has(run(withLog("quotas:\n  - duration: PT1H\n"), KestraVersion::V2_0), "quotas[0].limit: must not be null"));
  CHECK(!run(withLog("workerSelector:\n  match: SOME\n"), KestraVersion::V2_0).valid());
  refusedIn2(withLog("workerGroup:\n  fallback: WAIT\n"), "workerGroup: Unrecognized field \"workerGroup\"", "workerSelector");
}

TEST_CASE("2.0: task when (runIf deprecated), workerSelector; task workerGroup is gone", "[v2]") {
  addedIn2(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    when: \"{{ true }}\"\n"),
           "Unrecognized field \"when\"");
  auto runIf = run(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    runIf: \"{{ true }}\"\n"),
                   KestraVersion::V2_0);
  CHECK(runIf.valid());
  CHECK(warnings(runIf).find("runIf is deprecated") != std::string::npos);
  refusedIn2(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    workerGroup:\n      fallback: WAIT\n"),
             "tasks[0].workerGroup: Unrecognized field \"workerGroup\"", "workerSelector");
  addedIn2(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    workerSelector:\n      tags: [gpu]\n"),
           "Unrecognized field \"workerSelector\"");
}

TEST_CASE("2.0: input types BOOLEAN and ENUM are removed, BOOL and FORM accepted", "[v2]") {
  refusedIn2(withLog("inputs:\n  - id: flag\n    type: BOOLEAN\n"), "inputs[0]: Invalid type: BOOLEAN", "use BOOL");
  refusedIn2(withLog("inputs:\n  - id: pick\n    type: ENUM\n    values: [a, b]\n"), "Invalid type: ENUM", "use SELECT");
  auto v2 = run(withLog("inputs:\n  - id: flag\n    type: BOOLEAN\n"), KestraVersion::V2_0);
  CHECK(has(v2, "known type ids = [ARRAY, BOOL, DATE, DATETIME, DURATION, EMAIL, FILE, FLOAT, FORM, INT, JSON, "
                "MULTISELECT, REUSABLE_INPUTS, SECRET, SELECT, STRING, TIME, URI, YAML]"));
  addedIn2(withLog("inputs:\n  - id: flag\n    type: BOOL\n"), "");
  addedIn2(withLog("inputs:\n  - id: group\n    type: FORM\n"), "Invalid type: FORM");
  CHECK(has(run(withLog("outputs:\n  - id: o\n    type: BOOLEAN\n    value: true\n"), KestraVersion::V2_0),
            "not one of the values accepted"));
}

TEST_CASE("2.0: checks take when (condition deprecated)", "[v2]") {
  addedIn2(withLog("checks:\n  - when: \"{{ true }}\"\n    message: ok\n"), "Unrecognized field \"when\"");
  auto condition = run(withLog("checks:\n  - condition: \"{{ true }}\"\n    message: ok\n"), KestraVersion::V2_0);
  CHECK(condition.valid());
  CHECK(warnings(condition).find("condition is deprecated") != std::string::npos);
  CHECK(has(run(withLog("checks:\n  - message: ok\n"), KestraVersion::V2_0), "checks[0].when: must not be null"));
}

TEST_CASE("2.0: Schedule/Webhook triggers must give required inputs without defaults", "[v2]") {
  std::string yaml = withLog("inputs:\n  - id: who\n    type: STRING\n  - id: opt\n    type: STRING\n    required: false\n"
                             "  - id: dflt\n    type: STRING\n    defaults: x\n"
                             "triggers:\n  - id: nightly\n    type: io.kestra.plugin.core.trigger.Schedule\n"
                             "    cron: \"0 2 * * *\"\n");
  auto v2 = run(yaml, KestraVersion::V2_0);
  CHECK(has(v2, "Invalid Flow: Missing inputs for Schedule Trigger 'nightly', missing inputs: 'who'"));
  CHECK(run(yaml, KestraVersion::V1_3).valid());
  std::string given = yaml + "    inputs:\n      who: me\n";
  INFO(errors(run(given, KestraVersion::V2_0)));
  CHECK(run(given, KestraVersion::V2_0).valid());
}

TEST_CASE("2.0: Pebble json() and | json are flagged (warnings: Kestra renders at run time)", "[v2]") {
  auto function = run(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ json(inputs.x).a }}\"\n"),
                      KestraVersion::V2_0);
  CHECK(function.valid());
  CHECK(warnings(function).find("json() was removed from Pebble in Kestra 2.0: use fromJson() (tasks[0].message)") !=
        std::string::npos);
  auto filter = run(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ outputs | json }}\"\n"),
                    KestraVersion::V2_0);
  CHECK(warnings(filter).find("the json filter was removed") != std::string::npos);
  for (const char* fine : {"{{ fromJson(x) }}", "{{ x | toJson }}", "{{ x is json }}", "json(x) outside"}) {
    INFO(fine);
    CHECK(warnings(run(oneTask(std::string("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: \"") + fine + "\"\n"),
                       KestraVersion::V2_0)) == "");
  }
  CHECK(warnings(run(oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ json(x) }}\"\n"),
                     KestraVersion::V1_3)) == "");
}

TEST_CASE("catalog: HTTP options nested in 1.x+, flat keys removed in 2.0", "[v2][catalog]") {
  std::string nested = oneTask("id: call\n    type: io.kestra.plugin.core.http.Request\n    uri: https://example.com\n"
                               "    options:\n      timeout:\n        connectTimeout: PT10S\n        readIdleTimeout: PT1M\n"
                               "      proxy:\n        type: HTTP\n        address: proxy\n        port: 3128\n"
                               "      auth:\n        type: BEARER\n        token: t\n      ssl:\n"
                               "        insecureTrustAllCertificates: true\n      allowedResponseCodes: [200, 404]\n"
                               "      logs: [REQUEST_HEADERS, RESPONSE_BODY]\n      followRedirects: false\n");
  for (auto version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
    auto report = run(nested, version);
    INFO(toString(version) << "\n" << errors(report));
    CHECK(report.valid());
  }
  CHECK(!run(nested, KestraVersion::V0_21).valid());
  refusedIn2(oneTask("id: call\n    type: io.kestra.plugin.core.http.Request\n    uri: https://example.com\n"
                     "    options:\n      connectTimeout: PT10S\n"),
             "tasks[0].options.connectTimeout: Unrecognized field \"connectTimeout\"", "options.timeout.connectTimeout");
  CHECK(has(run(oneTask("id: call\n    type: io.kestra.plugin.core.http.Request\n    uri: https://example.com\n"
                        "    options:\n      auth:\n        type: NTLM\n"),
                KestraVersion::V2_0),
            "Invalid type: NTLM"));
}

TEST_CASE("catalog: Pause onResume accepts BOOL (1.3 and 2.0), onPause in 2.0", "[v2][catalog]") {
  std::string pause = oneTask("id: approve\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n"
                              "      - id: ok\n        type: BOOL\n");
  addedIn2(pause, "");
  CHECK(!run(pause, KestraVersion::V0_21).valid());
  refusedIn2(oneTask("id: approve\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n"
                     "      - id: ok\n        type: BOOLEAN\n"),
             "Invalid type: BOOLEAN", "use BOOL");
  addedIn2(oneTask("id: approve\n    type: io.kestra.plugin.core.flow.Pause\n    onPause:\n      id: notify\n"
                   "      type: io.kestra.plugin.core.log.Log\n      message: paused\n"),
           "Unrecognized field \"onPause\"");
}

// Properties kestra-migrate rewrites or drops because 2.0 no longer declares them (kestra2-flow-migration
// migration-documentation/flows-changes.md): refused in 2.0 with Jackson's unknown-field text, accepted in 1.3.
TEST_CASE("2.0: Pause delay and tasks are removed", "[v2]") {
  std::string delay = oneTask("id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    delay: PT1M\n");
  refusedIn2(delay, "tasks[0].delay: Unrecognized field \"delay\" (class io.kestra.plugin.core.flow.Pause)",
             "rename it pauseDuration", "6:5");
  refusedIn2(oneTask("id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    tasks:\n      - id: inner\n"
                     "        type: io.kestra.plugin.core.log.Log\n        message: hi\n"),
             "tasks[0].tasks: Unrecognized field \"tasks\" (class io.kestra.plugin.core.flow.Pause)",
             "move them after the Pause task", "6:5");
  addedIn2(oneTask("id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    pauseDuration: PT1M\n"), "");
}

TEST_CASE("2.0: Subflow outputs are removed", "[v2]") {
  std::string subflow = oneTask("id: child\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n"
                                "    flowId: child\n    outputs:\n      final: \"{{ outputs.t.value }}\"\n");
  refusedIn2(subflow, "tasks[0].outputs: Unrecognized field \"outputs\" (class io.kestra.plugin.core.flow.Subflow)",
             "declare flow-level outputs in the child flow", "8:5");
}

TEST_CASE("2.0: input name, MULTISELECT options and FILE extension are removed", "[v2]") {
  std::string named = withLog("inputs:\n  - name: region\n    type: STRING\n");
  refusedIn2(named, "Unrecognized field \"name\" (class io.kestra.core.models.flows.input.StringInput)",
             "use id (and displayName", "8:5");
  refusedIn2(withLog("inputs:\n  - id: regions\n    type: MULTISELECT\n    options: [eu, us]\n"),
             "Unrecognized field \"options\" (class io.kestra.core.models.flows.input.MultiselectInput)",
             "rename it values", "10:5");
  refusedIn2(withLog("inputs:\n  - id: data\n    type: FILE\n    extension: .csv\n"),
             "Unrecognized field \"extension\" (class io.kestra.core.models.flows.input.FileInput)", "drop it", "10:5");
  // The replacements are valid in both versions.
  for (auto version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
    auto report = run(withLog("inputs:\n  - id: region\n    type: STRING\n    displayName: Region\n"
                              "  - id: regions\n    type: MULTISELECT\n    values: [eu, us]\n  - id: data\n    type: FILE\n"),
                      version);
    INFO(toString(version) << "\n" << errors(report));
    CHECK(report.valid());
  }
}

TEST_CASE("2.0: Exit state CANCELED and read()/fileURI() version= are warnings (they fail at run time)", "[v2]") {
  std::string exit = oneTask("id: stop\n    type: io.kestra.plugin.core.execution.Exit\n    state: CANCELED\n");
  auto v2 = run(exit, KestraVersion::V2_0);
  CHECK(v2.valid());
  CHECK(warnings(v2).find("Exit state CANCELED was removed in Kestra 2.0 and fails when the task runs: use CANCELLED "
                          "(tasks[0].state)") != std::string::npos);
  CHECK(atWarning(v2, "Exit state CANCELED") == "6:12");
  CHECK(warnings(run(exit, KestraVersion::V1_3)) == "");
  CHECK(warnings(run(oneTask("id: stop\n    type: io.kestra.plugin.core.execution.Exit\n    state: CANCELLED\n"),
                     KestraVersion::V2_0)) == "");

  std::string read = oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n"
                             "    message: \"{{ read('data.csv', version=2) }}\"\n");
  CHECK(warnings(run(read, KestraVersion::V2_0)).find("read() and fileURI() have no version argument in Kestra 2.0: use "
                                                      "revision= (tasks[0].message)") != std::string::npos);
  CHECK(warnings(run(read, KestraVersion::V1_3)) == "");
  for (const char* fine : {"{{ read('a', revision=2) }}", "{{ fileURI('a') }}", "{{ read(version) }}",
                           "{{ x.version == 2 }}", "{{ fileURI('a', version == 2) }}"}) {
    INFO(fine);
    CHECK(warnings(run(oneTask(std::string("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: \"") + fine + "\"\n"),
                       KestraVersion::V2_0)) == "");
  }
}

// Properties newer than 0.21 that the December 2026 audit added (docs/kestra-2.0-rules.md §3.4): accepted by 1.3
// and 2.0, refused by 0.21.
TEST_CASE("catalog: Subflow restartBehavior, KV Set kvDescription, PurgeExecutions/PurgeLogs additions", "[v2][catalog]") {
  const std::string added[] = {
      oneTask("id: child\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n"
              "    flowId: child\n    restartBehavior: NEW_EXECUTION\n"),
      oneTask("id: remember\n    type: io.kestra.plugin.core.kv.Set\n    key: k\n    value: v\n    kvDescription: what it is\n"),
      oneTask("id: purge\n    type: io.kestra.plugin.core.execution.PurgeExecutions\n    endDate: \"{{ now() }}\"\n"
              "    batchSize: 50\n"),
      oneTask("id: purge\n    type: io.kestra.plugin.core.log.PurgeLogs\n    endDate: \"{{ now() }}\"\n"
              "    executionId: \"{{ execution.id }}\"\n    purgeExecutionLogs: true\n    purgeNonExecutionLogs: false\n"
              "    batchSize: 500\n"),
  };
  for (const auto& yaml : added) {
    addedIn2(yaml, "");
    CHECK(!run(yaml, KestraVersion::V0_21).valid());
  }
  // restartBehavior is an enum, checked as written.
  auto never = run(oneTask("id: child\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n"
                           "    flowId: child\n    restartBehavior: NEVER\n"),
                   KestraVersion::V2_0);
  CHECK(has(never, "NEVER"));
}

// The second audit (docs/kestra-2.0-rules.md §3.6): properties of the other core types that newer sources declare
// and the catalog lacked. Accepted by 1.3 and 2.0, refused by 0.21 with Jackson's unknown-field text.
TEST_CASE("catalog: DeleteFiles, Split and namespaceFiles properties from 1.x sources", "[v2][catalog]") {
  const std::pair<std::string, std::string> added[] = {
      {oneTask("id: clean\n    type: io.kestra.plugin.core.namespace.DeleteFiles\n    namespace: company.team\n"
               "    files:\n      - \"**.tmp\"\n    deleteParentFolder: true\n"),
       "Unrecognized field \"deleteParentFolder\" (class io.kestra.plugin.core.namespace.DeleteFiles)"},
      {oneTask("id: split\n    type: io.kestra.plugin.core.storage.Split\n    from: \"{{ inputs.file }}\"\n"
               "    regexPattern: \"^([a-z]+):\"\n"),
       "Unrecognized field \"regexPattern\" (class io.kestra.plugin.core.storage.Split)"},
      {oneTask("id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    namespaceFiles:\n      enabled: true\n"
               "      namespaces: [company, company.team]\n      ifExists: WARN\n      folderPerNamespace: true\n"
               "    tasks:\n      - id: hello\n        type: io.kestra.plugin.core.log.Log\n        message: hi\n"),
       "Unrecognized field \"folderPerNamespace\" (class io.kestra.core.models.tasks.NamespaceFiles)"},
  };
  for (const auto& [yaml, refusedBy021] : added) {
    addedIn2(yaml, "");
    auto old = run(yaml, KestraVersion::V0_21);
    INFO(yaml << "\n0.21:\n" << errors(old));
    CHECK(has(old, refusedBy021));
  }
  // Property<T>: an expression is accepted where the literal would be a boolean.
  addedIn2(oneTask("id: clean\n    type: io.kestra.plugin.core.namespace.DeleteFiles\n    namespace: company.team\n"
                   "    files: \"**\"\n    deleteParentFolder: \"{{ inputs.tidy }}\"\n"),
           "");
}

TEST_CASE("2.0: retry maxAttempt is renamed maxAttempts", "[v2]") {
  std::string old = oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    retry:\n"
                            "      type: constant\n      interval: PT1M\n      maxAttempt: 3\n");
  refusedIn2(old, "tasks[0].retry.maxAttempt: Unrecognized field \"maxAttempt\" (class io.kestra.core.models.tasks.retrys.Constant)",
             "use maxAttempts", "10:7");
  CHECK(run(old, KestraVersion::V0_21).valid());
  std::string renamed = oneTask("id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    retry:\n"
                                "      type: exponential\n      interval: PT1S\n      maxInterval: PT1M\n      maxAttempts: 3\n");
  addedIn2(renamed, "");
  CHECK(!run(renamed, KestraVersion::V0_21).valid());
  CHECK(has(run(flow(std::string(kLog) + "retry:\n  type: constant\n  interval: PT1M\n  maxAttempt: 2\n"), KestraVersion::V2_0),
            "retry.maxAttempt: Unrecognized field \"maxAttempt\""));
}
