#pragma once
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/JsonSchema.h"

namespace kcicd::schema {

// Kestra's flow JSON Schema, as served by GET /api/v1/plugins/schemas/flow (generated at run time by
// JsonSchemaGenerator from the plugins installed on that server; docs/kestra-flow-validation.md
// §5). What we rely on (kestra-io/kestra 0.21, core/src/main/java/io/kestra/core/docs/JsonSchemaGenerator.java):
// - the root is {"$ref": "#/definitions/io.kestra.core.models.flows.Flow", "definitions": {…}}
//   (DEFINITION_FOR_MAIN_SCHEMA; PluginControllerTest.flow asserts the $ref);
// - definitions are keyed by class name (PLAIN_DEFINITION_KEYS + full type description naming);
// - the Flow's `tasks`/`errors`/`finally` items and `triggers` items are a oneOf (anyOf renamed by
//   replaceAnyOfWithOneOf) of $refs to one definition per installed plugin (subtype resolver);
// - each plugin definition has `properties.type` = {"const": "<class name>"} ("Ensure that `type` is
//   defined as a constant"), `required` without the properties that have a default;
// - dynamic non-string properties are a oneOf of the real type and {"type":"string","pattern":".*{{.*}}.*"};
// - no `additionalProperties: false`: unknown names are rejected by Kestra's strict parser instead,
//   which CompileOptions::kestra reproduces.
class PluginSchema {
 public:
  // Throws kcicd::UsageError naming the file when it is unreadable, not JSON, or not a Kestra flow schema.
  static PluginSchema load(const std::filesystem::path& file);
  // Throws std::invalid_argument when `document` is not a Kestra flow schema.
  static PluginSchema fromJson(const nlohmann::json& document);

  // Checks every task and trigger of `flow` (a flow parsed into JSON) against its type's definition:
  // tasks in tasks/errors/finally/afterExecution/listeners[].tasks, recursively through every list of
  // tasks the schema describes and, where it does not (Switch `cases` is a free map), through Kestra's
  // flowable containers (tasks, errors, finally, then, else, defaults, cases, Dag tasks[].task);
  // triggers in `triggers`. Flow-level keys are not checked here. Pointers are RFC 6901 ("/tasks/0/format").
  std::vector<Violation> validateFlow(const nlohmann::json& flow) const;

  // A task, trigger or condition type the schema defines (including aliases listed in a `type` enum).
  bool knowsType(std::string_view type) const;

  const std::set<std::string, std::less<>>& taskTypes() const { return taskTypes_; }
  const std::set<std::string, std::less<>>& triggerTypes() const { return triggerTypes_; }

 private:
  PluginSchema(JsonSchema schema, std::string taskList, std::string triggerList)
      : schema_(std::move(schema)), taskList_(std::move(taskList)), triggerList_(std::move(triggerList)) {}

  void walkTask(const nlohmann::json& task, const std::string& pointer, std::vector<Violation>& out,
                std::unordered_set<const nlohmann::json*>& done) const;
  void checkTask(const nlohmann::json& task, const std::string& pointer, std::vector<Violation>& out,
                 std::unordered_set<const nlohmann::json*>& done) const;

  JsonSchema schema_;
  std::string taskList_;     // schema pointer of the Flow's tasks items (the union of task types)
  std::string triggerList_;  // schema pointer of the Flow's triggers items ("" when absent)
  std::set<std::string, std::less<>> taskTypes_, triggerTypes_, allTypes_;
};

}  // namespace kcicd::schema
