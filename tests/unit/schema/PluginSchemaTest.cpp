#include <catch2/catch_test_macros.hpp>

#include "ViolationOutput.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "Process.h"
#include "runtime/Errors.h"
#include "schema/PluginSchema.h"

using kcicd::UsageError;
using kcicd::schema::PluginSchema;
using kcicd::schema::Violation;
using kcicd::test::TempDir;
using kcicd::test::writeFile;
using nlohmann::json;

namespace {

const std::string kFixture = std::string(KCICD_SOURCE_DIR) + "/tests/data/plugin-schema/flow-schema.json";

const PluginSchema& fixture() {
  static const PluginSchema schema = PluginSchema::load(kFixture);
  return schema;
}

// A flow whose only task is `task`.
json flowWith(const json& task) {
  return {{"id", "f"}, {"namespace", "company.team"}, {"tasks", json::array({task})}};
}

std::vector<Violation> check(const json& flow) { return fixture().validateFlow(flow); }

std::string render(const std::vector<Violation>& violations) {
  std::string out;
  for (const auto& v : violations) out += v.pointer + " → " + v.message + "\n";
  return out;
}

bool contains(const std::vector<Violation>& violations, const Violation& expected) {
  return std::find(violations.begin(), violations.end(), expected) != violations.end();
}

const json kLog = {{"id", "log"}, {"type", "io.kestra.plugin.core.log.Log"}, {"message", "hi"}};

}  // namespace

TEST_CASE("the fixture loads and lists its task, trigger and condition types", "[plugin-schema]") {
  const auto& schema = fixture();
  CHECK(schema.taskTypes().size() == 9);
  CHECK(schema.triggerTypes() == std::set<std::string, std::less<>>{"io.kestra.plugin.core.trigger.Schedule",
                                                                    "io.kestra.plugin.core.trigger.Webhook"});
  CHECK(schema.knowsType("io.kestra.plugin.core.log.Log"));
  CHECK(schema.knowsType("io.kestra.plugin.core.flow.Subflow"));
  CHECK(schema.knowsType("io.kestra.plugin.core.trigger.Schedule"));
  CHECK(schema.knowsType("io.kestra.plugin.core.condition.DayWeek"));
  CHECK_FALSE(schema.knowsType("io.kestra.plugin.core.debug.MissingOne"));
  CHECK_FALSE(schema.knowsType("constant"));  // a retry `type`, not a plugin
}

TEST_CASE("aliases listed in a type enum are known and accepted", "[plugin-schema]") {
  json document = {
      {"$ref", "#/definitions/io.kestra.core.models.flows.Flow"},
      {"definitions",
       {{"io.kestra.core.models.flows.Flow",
         {{"type", "object"},
          {"properties", {{"tasks", {{"type", "array"}, {"items", {{"oneOf", {{{"$ref", "#/definitions/Log"}}}}}}}}}}}},
        {"Log",
         {{"type", "object"},
          {"properties", {{"id", {{"type", "string"}}},
                          {"type", {{"enum", {"io.kestra.plugin.core.log.Log", "io.kestra.core.tasks.log.Log"}}}}}},
          {"required", {"id", "type"}}}}}}};
  auto schema = PluginSchema::fromJson(document);
  CHECK(schema.knowsType("io.kestra.core.tasks.log.Log"));
  CHECK(schema.validateFlow(flowWith({{"id", "a"}, {"type", "io.kestra.core.tasks.log.Log"}})).empty());
  CHECK(schema.validateFlow(flowWith({{"id", "a"}, {"type", "io.kestra.core.tasks.log.Nope"}})) ==
        std::vector<Violation>{{"/tasks/0/type", "Invalid type: io.kestra.core.tasks.log.Nope"}});
}

TEST_CASE("task lists may also be a $ref to a Task definition holding the union", "[plugin-schema]") {
  json document = json::parse(R"({"$ref": "#/definitions/io.kestra.core.models.flows.Flow", "definitions": {
    "io.kestra.core.models.flows.Flow": {"type": "object", "properties": {
      "tasks": {"type": "array", "items": {"$ref": "#/definitions/io.kestra.core.models.tasks.Task"}}}},
    "io.kestra.core.models.tasks.Task": {"anyOf": [{"$ref": "#/definitions/A"}, {"$ref": "#/definitions/B"}]},
    "A": {"type": "object", "properties": {"id": {"type": "string"}, "type": {"const": "a.A"}}, "required": ["id", "type"]},
    "B": {"type": "object", "properties": {"id": {"type": "string"}, "type": {"const": "b.B"},
                                           "tasks": {"type": "array", "items": {"$ref": "#/definitions/io.kestra.core.models.tasks.Task"}}},
          "required": ["id", "type"]}}})");
  auto schema = PluginSchema::fromJson(document);
  CHECK(schema.taskTypes() == std::set<std::string, std::less<>>{"a.A", "b.B"});
  CHECK(schema.triggerTypes().empty());
  json flow = json::parse(R"({"tasks": [{"id": "b", "type": "b.B", "tasks": [{"id": "a", "type": "a.A", "x": 1}, {"type": "c.C"}]}],
                              "triggers": [{"id": "t", "type": "anything"}]})");
  CHECK(schema.validateFlow(flow) == std::vector<Violation>{{"/tasks/0/tasks/0/x", "Unrecognized field \"x\" (class a.A)"},
                                                            {"/tasks/0/tasks/1/type", "Invalid type: c.C"}});
}

TEST_CASE("a realistic valid flow has no violation", "[plugin-schema]") {
  json flow = json::parse(R"({
    "id": "hello", "namespace": "company.team",
    "tasks": [
      {"id": "log", "type": "io.kestra.plugin.core.log.Log", "message": ["a", "b"], "level": "DEBUG",
       "timeout": "PT5M", "retry": {"type": "constant", "interval": "PT1S", "maxAttempt": 3}},
      {"id": "ret", "type": "io.kestra.plugin.core.debug.Return", "format": "{{ task.id }}", "timeout": "{{ vars.t }}"},
      {"id": "seq", "type": "io.kestra.plugin.core.flow.Sequential", "tasks": [
        {"id": "par", "type": "io.kestra.plugin.core.flow.Parallel", "concurrent": 2, "tasks": [
          {"id": "if", "type": "io.kestra.plugin.core.flow.If", "condition": "{{ true }}",
           "then": [{"id": "t", "type": "io.kestra.plugin.core.log.Log", "message": "then"}],
           "else": [{"id": "e", "type": "io.kestra.plugin.core.log.Log", "message": "else"}]}]}]},
      {"id": "switch", "type": "io.kestra.plugin.core.flow.Switch", "value": "{{ inputs.x }}",
       "cases": {"A": [{"id": "a", "type": "io.kestra.plugin.core.debug.Return", "format": "a"}]},
       "defaults": [{"id": "d", "type": "io.kestra.plugin.core.debug.Return"}]},
      {"id": "dag", "type": "io.kestra.plugin.core.flow.Dag", "tasks": [
        {"task": {"id": "d1", "type": "io.kestra.plugin.core.log.Log", "message": "1"}},
        {"task": {"id": "d2", "type": "io.kestra.plugin.core.log.Log", "message": "2"}, "dependsOn": ["d1"]}]},
      {"id": "sub", "type": "io.kestra.plugin.core.flow.Subflow", "namespace": "company.team", "flowId": "child",
       "inputs": {"a": 1}, "wait": true, "labels": [{"key": "k", "value": "v"}], "scheduleDate": "{{ now() }}"},
      {"id": "split", "type": "io.kestra.plugin.core.storage.Split", "from": "{{ outputs.x.uri }}",
       "partitions": "{{ inputs.n }}", "rows": 10}
    ],
    "errors": [{"id": "on_error", "type": "io.kestra.plugin.core.log.Log", "message": "failed", "description": null}],
    "triggers": [
      {"id": "daily", "type": "io.kestra.plugin.core.trigger.Schedule", "cron": "0 9 * * *",
       "conditions": [{"type": "io.kestra.plugin.core.condition.DayWeek", "dayOfWeek": "MONDAY"}]},
      {"id": "hook", "type": "io.kestra.plugin.core.trigger.Webhook", "key": "abc", "stopAfter": ["FAILED"]}
    ]
  })");
  auto violations = check(flow);
  INFO(render(violations));
  CHECK(violations.empty());
}

TEST_CASE("an unknown or missing task type is Kestra's Invalid type", "[plugin-schema]") {
  CHECK(check(flowWith({{"id", "x"}, {"type", "io.kestra.plugin.core.debug.MissingOne"}})) ==
        std::vector<Violation>{{"/tasks/0/type", "Invalid type: io.kestra.plugin.core.debug.MissingOne"}});
  CHECK(check(flowWith({{"id", "x"}})) == std::vector<Violation>{{"/tasks/0", "Invalid type: <null>"}});
  // a trigger type is not a task type
  CHECK(check(flowWith({{"id", "x"}, {"type", "io.kestra.plugin.core.trigger.Webhook"}, {"key", "k"}})) ==
        std::vector<Violation>{{"/tasks/0/type", "Invalid type: io.kestra.plugin.core.trigger.Webhook"}});
  CHECK(check(flowWith("not a task")) == std::vector<Violation>{{"/tasks/0", "must be object"}});
}

TEST_CASE("an unknown property is Kestra's Unrecognized field", "[plugin-schema]") {
  json task = {{"id", "r"}, {"type", "io.kestra.plugin.core.debug.Return"}, {"invalid", 1}};
  CHECK(check(flowWith(task)) ==
        std::vector<Violation>{
            {"/tasks/0/invalid", "Unrecognized field \"invalid\" (class io.kestra.plugin.core.debug.Return)"}});
  json retry = kLog;
  retry["retry"] = {{"type", "constant"}, {"interval", "PT1S"}, {"foo", true}};
  CHECK(check(flowWith(retry)) ==
        std::vector<Violation>{
            {"/tasks/0/retry/foo", "Unrecognized field \"foo\" (class io.kestra.core.models.tasks.retrys.Constant)"}});
  json unknownNull = kLog;
  unknownNull["invalid"] = nullptr;
  CHECK(check(flowWith(unknownNull)) ==
        std::vector<Violation>{{"/tasks/0/invalid", "Unrecognized field \"invalid\" (class io.kestra.plugin.core.log.Log)"}});
  json numberEnum = {{"id", "s"}, {"type", "io.kestra.plugin.core.storage.Split"}, {"from", 12}};
  CHECK(check(flowWith(numberEnum)).empty());  // a number where a String is expected: coerced
  json nested = kLog;
  nested["workerGroup"] = {{"key", "gpu"}, {"size", 2}};
  CHECK(check(flowWith(nested)) ==
        std::vector<Violation>{
            {"/tasks/0/workerGroup/size", "Unrecognized field \"size\" (class io.kestra.core.models.tasks.WorkerGroup)"}});
  // free-form maps stay open
  json sub = {{"id", "s"}, {"type", "io.kestra.plugin.core.flow.Subflow"}, {"namespace", "n"}, {"flowId", "f"},
              {"inputs", {{"anything", {{"goes", 1}}}}}};
  CHECK(check(flowWith(sub)).empty());
}

TEST_CASE("a missing or null required property must not be null", "[plugin-schema]") {
  json task = {{"id", "l"}, {"type", "io.kestra.plugin.core.log.Log"}};
  CHECK(check(flowWith(task)) == std::vector<Violation>{{"/tasks/0", "message: must not be null"}});
  task["message"] = nullptr;
  CHECK(check(flowWith(task)) == std::vector<Violation>{{"/tasks/0", "message: must not be null"}});
  json retry = kLog;
  retry["retry"] = {{"type", "constant"}};
  CHECK(check(flowWith(retry)) == std::vector<Violation>{{"/tasks/0/retry", "interval: must not be null"}});
}

TEST_CASE("enums, patterns, types and sizes use Kestra's messages", "[plugin-schema]") {
  json task = kLog;
  task["level"] = "WRONG";
  CHECK(check(flowWith(task)) ==
        std::vector<Violation>{{"/tasks/0/level", "must be one of [ERROR, WARN, INFO, DEBUG, TRACE]"}});

  // @Pattern is a full match in Kestra: "my task" starts with a valid id but is not one
  task = kLog;
  task["id"] = "my task";
  CHECK(check(flowWith(task)) ==
        std::vector<Violation>{{"/tasks/0/id", "must match \"^[a-zA-Z0-9][a-zA-Z0-9_-]*\""}});

  // Property<Integer>: an integer, or a string holding an expression
  json split = {{"id", "s"}, {"type", "io.kestra.plugin.core.storage.Split"}, {"from", "kestra://f"}};
  split["partitions"] = "three";
  CHECK(check(flowWith(split)) == std::vector<Violation>{{"/tasks/0/partitions", "must match \".*{{.*}}.*\""}});
  split["partitions"] = "{{ inputs.n\n }}";
  CHECK(check(flowWith(split)).empty());
  split["partitions"] = 3;
  CHECK(check(flowWith(split)).empty());
  split["partitions"] = true;  // coerced to the text "true", which holds no expression
  CHECK(check(flowWith(split)) == std::vector<Violation>{{"/tasks/0/partitions", "must match \".*{{.*}}.*\""}});

  // a plain Integer (@PluginProperty) has no expression branch
  json parallel = {{"id", "p"}, {"type", "io.kestra.plugin.core.flow.Parallel"}, {"tasks", {kLog}}};
  parallel["concurrent"] = "{{ inputs.n }}";
  CHECK(check(flowWith(parallel)) == std::vector<Violation>{{"/tasks/0/concurrent", "must be integer"}});
  parallel["concurrent"] = "2.5";
  CHECK(check(flowWith(parallel)) == std::vector<Violation>{{"/tasks/0/concurrent", "must be integer"}});
  parallel["concurrent"] = 1;
  parallel["tasks"] = json::array();
  CHECK(check(flowWith(parallel)) == std::vector<Violation>{{"/tasks/0/tasks", "must not be empty"}});

  // Jackson's scalar coercion: numbers into strings, numeric strings into numbers; not objects
  task = kLog;
  task["id"] = 42;
  CHECK(check(flowWith(task)).empty());
  split["partitions"] = "4";
  CHECK(check(flowWith(split)).empty());
  split["partitions"] = {{"n", 4}};
  CHECK(check(flowWith(split)) == std::vector<Violation>{{"/tasks/0/partitions", "must be integer or string"}});
  task = kLog;
  task["timeout"] = json::array({"PT1S"});
  CHECK(check(flowWith(task)) == std::vector<Violation>{{"/tasks/0/timeout", "must be string"}});
  task = kLog;
  task["message"] = {{"not", "a string"}};
  auto violations = check(flowWith(task));
  INFO(render(violations));
  CHECK(violations == std::vector<Violation>{{"/tasks/0/message", "must be string or array"}});
}

TEST_CASE("nested tasks are checked inside Sequential, If, Switch cases and Dag", "[plugin-schema]") {
  json flow = json::parse(R"({"id": "f", "namespace": "n", "tasks": [
    {"id": "seq", "type": "io.kestra.plugin.core.flow.Sequential", "tasks": [
      {"id": "if", "type": "io.kestra.plugin.core.flow.If", "condition": "{{ true }}",
       "then": [{"id": "ok", "type": "io.kestra.plugin.core.log.Log", "message": "x"}],
       "else": [{"id": "bad", "type": "io.kestra.plugin.core.log.Log"}]},
      {"id": "sw", "type": "io.kestra.plugin.core.flow.Switch", "value": "v",
       "cases": {"a/b": [{"id": "c", "type": "io.kestra.plugin.core.log.Nope"}],
                 "B": [{"id": "c2", "type": "io.kestra.plugin.core.debug.Return", "forma": "x"}]}}]},
    {"id": "dag", "type": "io.kestra.plugin.core.flow.Dag", "tasks": [
      {"task": {"id": "d1", "type": "io.kestra.plugin.core.log.Log", "message": "1", "level": 3}},
      {"dependsOn": ["d1"]}]}
  ]})");
  auto violations = check(flow);
  INFO(render(violations));
  CHECK(contains(violations, {"/tasks/0/tasks/0/else/0", "message: must not be null"}));
  CHECK(contains(violations, {"/tasks/0/tasks/1/cases/a~1b/0/type", "Invalid type: io.kestra.plugin.core.log.Nope"}));
  CHECK(contains(violations, {"/tasks/0/tasks/1/cases/B/0/forma",
                              "Unrecognized field \"forma\" (class io.kestra.plugin.core.debug.Return)"}));
  CHECK(contains(violations, {"/tasks/1/tasks/0/task/level", "must be one of [ERROR, WARN, INFO, DEBUG, TRACE]"}));
  CHECK(contains(violations, {"/tasks/1/tasks/1", "task: must not be null"}));
  CHECK(violations.size() == 5);  // each reported once, though the schema and the walk both reach them
}

TEST_CASE("triggers are checked against the trigger types", "[plugin-schema]") {
  json flow = json::parse(R"({"id": "f", "namespace": "n", "tasks": [], "triggers": [
    {"id": "s", "type": "io.kestra.plugin.core.trigger.Schedule"},
    {"id": "w", "type": "io.kestra.plugin.core.trigger.Webhook", "key": ""},
    {"id": "l", "type": "io.kestra.plugin.core.log.Log", "message": "x"},
    {"id": "c", "type": "io.kestra.plugin.core.trigger.Schedule", "cron": "* * * * *",
     "recoverMissedSchedules": "SOME", "conditions": [{"type": "io.kestra.plugin.core.condition.Nope"},
                                                      {"type": "io.kestra.plugin.core.condition.DayWeek"}]}
  ]})");
  flow["triggers"][1]["key"] = std::string(257, 'k');
  auto violations = check(flow);
  INFO(render(violations));
  CHECK(violations == std::vector<Violation>{
                          {"/triggers/0", "cron: must not be null"},
                          {"/triggers/1/key", "size must be between 0 and 256"},
                          {"/triggers/2/type", "Invalid type: io.kestra.plugin.core.log.Log"},
                          {"/triggers/3/conditions/0/type", "Invalid type: io.kestra.plugin.core.condition.Nope"},
                          {"/triggers/3/conditions/1", "dayOfWeek: must not be null"},
                          {"/triggers/3/recoverMissedSchedules", "must be one of [LAST, NONE, ALL]"},
                      });
}

TEST_CASE("tasks under errors, finally and listeners are checked; flow keys are not", "[plugin-schema]") {
  json flow = json::parse(R"({"id": "not valid!", "namespace": "N", "unknown": 1, "tasks": [],
    "errors": [{"id": "e", "type": "io.kestra.plugin.core.log.Log"}],
    "finally": [{"id": "f", "type": "io.kestra.plugin.core.log.Nope"}],
    "listeners": [{"tasks": [{"id": "l", "type": "io.kestra.plugin.core.debug.Return", "x": 1}]}]})");
  auto violations = check(flow);
  INFO(render(violations));
  CHECK(violations == std::vector<Violation>{
                          {"/errors/0", "message: must not be null"},
                          {"/finally/0/type", "Invalid type: io.kestra.plugin.core.log.Nope"},
                          {"/listeners/0/tasks/0/x", "Unrecognized field \"x\" (class io.kestra.plugin.core.debug.Return)"},
                      });
  CHECK(check(json::array()) == std::vector<Violation>{{"", "must be object"}});
}

TEST_CASE("load reports an unreadable, non-JSON or non-Kestra file by name", "[plugin-schema]") {
  TempDir dir;
  auto expectUsage = [](const std::filesystem::path& file, const std::string& part) {
    try {
      PluginSchema::load(file);
      FAIL("expected a UsageError for " << file);
    } catch (const UsageError& e) {
      std::string message = e.what();
      INFO(message);
      CHECK(message.find(file.string()) != std::string::npos);
      CHECK(message.find(part) != std::string::npos);
    }
  };
  expectUsage(dir / "missing.json", "Cannot read plugin schema");
  expectUsage(dir.path(), "Cannot read plugin schema");
  writeFile(dir / "bad.json", "{\"definitions\": ");
  expectUsage(dir / "bad.json", "is not valid JSON");
  writeFile(dir / "meta.json", R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"})");
  expectUsage(dir / "meta.json", "is not a Kestra flow schema");
  writeFile(dir / "notasks.json",
            R"({"$ref": "#/definitions/F", "definitions": {"F": {"type": "object", "properties": {"id": {}}}}})");
  expectUsage(dir / "notasks.json", "has no \"tasks\" items");
  writeFile(dir / "remote.json", R"({"$ref": "#/definitions/io.kestra.core.models.flows.Flow", "definitions": {
    "io.kestra.core.models.flows.Flow": {"properties": {"tasks": {"items": {"oneOf": [{"$ref": "#/definitions/L"}]}}}},
    "L": {"properties": {"type": {"const": "L"}, "x": {"$ref": "https://example.com/x.json"}}}}})");
  expectUsage(dir / "remote.json", "$ref");
}
