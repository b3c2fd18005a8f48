#include "schema/PluginSchema.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "runtime/Errors.h"
#include "runtime/PercentDecode.h"
#include "schema/JsonPointer.h"

namespace kcicd::schema {
namespace {

using nlohmann::json;

constexpr std::string_view kDefinitionsRef = "#/definitions/";

// Follows local "#/definitions/x" references (the only kind Kestra's generator writes).
const json& resolve(const json& document, const json& schema) {
  const json* at = &schema;
  for (int hops = 0; hops < 64 && at->is_object() && at->contains("$ref") && (*at)["$ref"].is_string(); ++hops) {
    const auto& ref = (*at)["$ref"].get_ref<const std::string&>();
    if (ref.rfind(kDefinitionsRef, 0) != 0) break;
    auto tokens = pointerTokens(percentDecode(ref.substr(1)));
    const json& definitions = document["definitions"];
    if (tokens.size() != 2 || !definitions.contains(tokens[1])) break;
    at = &definitions[tokens[1]];
  }
  return *at;
}

// The `type` values a plugin definition accepts: its const, or every string of its enum (aliases).
void pluginTypes(const json& definition, std::set<std::string, std::less<>>& out) {
  if (!definition.is_object() || !definition.contains("properties") || !definition["properties"].is_object()) return;
  const json& properties = definition["properties"];
  if (!properties.contains("type") || !properties["type"].is_object()) return;
  const json& type = properties["type"];
  if (type.contains("const") && type["const"].is_string()) out.insert(type["const"].get<std::string>());
  if (type.contains("enum") && type["enum"].is_array()) {
    for (const auto& value : type["enum"]) {
      if (value.is_string()) out.insert(value.get<std::string>());
    }
  }
}

// Types listed by a union such as the Flow's tasks items: {"oneOf": [{"$ref": …}, …]}.
void unionTypes(const json& document, const json& schema, std::set<std::string, std::less<>>& out) {
  const json& list = resolve(document, schema);
  if (!list.is_object()) return;
  for (const char* keyword : {"oneOf", "anyOf"}) {
    if (!list.contains(keyword) || !list[keyword].is_array()) continue;
    for (const auto& branch : list[keyword]) pluginTypes(resolve(document, branch), out);
  }
  pluginTypes(list, out);
}

// Keys of a task that hold child tasks in Kestra's flowable tasks (FlowableTask.allChildTasks, 0.21:
// Sequential/Parallel/ForEach/WorkingDirectory tasks+errors, If then/else, Switch defaults/cases, Dag).
const char* const kTaskLists[] = {"tasks", "errors", "finally", "then", "else", "defaults"};

bool looksLikeTask(const json& value) { return value.is_object() && value.contains("type"); }

}  // namespace

PluginSchema PluginSchema::fromJson(const nlohmann::json& document) {
  if (!document.is_object()) throw std::invalid_argument("the document is not a JSON object");
  if (!document.contains("definitions") || !document["definitions"].is_object()) {
    throw std::invalid_argument("it has no \"definitions\" object");
  }
  const json& definitions = document["definitions"];
  std::string flowKey = "io.kestra.core.models.flows.Flow";
  if (document.contains("$ref") && document["$ref"].is_string()) {
    const auto& ref = document["$ref"].get_ref<const std::string&>();
    auto tokens = ref.rfind(kDefinitionsRef, 0) == 0 ? pointerTokens(percentDecode(ref.substr(1)))
                                                     : std::vector<std::string>{};
    if (tokens.size() == 2) flowKey = tokens[1];
  }
  if (!definitions.contains(flowKey) || !definitions[flowKey].is_object()) {
    throw std::invalid_argument("it has no Flow definition (expected \"$ref\": \"#/definitions/io.kestra.core.models.flows.Flow\")");
  }
  const json& flow = definitions[flowKey];
  const json* properties = flow.contains("properties") && flow["properties"].is_object() ? &flow["properties"] : nullptr;
  if (!properties || !properties->contains("tasks") || !(*properties)["tasks"].is_object() ||
      !(*properties)["tasks"].contains("items")) {
    throw std::invalid_argument("its Flow definition has no \"tasks\" items");
  }
  std::string flowPointer = "/definitions/" + escapePointerToken(flowKey) + "/properties";
  std::string taskList = flowPointer + "/tasks/items";
  std::string triggerList;
  if (properties->contains("triggers") && (*properties)["triggers"].is_object() &&
      (*properties)["triggers"].contains("items")) {
    triggerList = flowPointer + "/triggers/items";
  }

  std::set<std::string, std::less<>> taskTypes, triggerTypes, allTypes;
  unionTypes(document, (*properties)["tasks"]["items"], taskTypes);
  if (!triggerList.empty()) unionTypes(document, (*properties)["triggers"]["items"], triggerTypes);
  if (taskTypes.empty()) throw std::invalid_argument("its Flow \"tasks\" items list no plugin type");
  for (const auto& [name, definition] : definitions.items()) pluginTypes(definition, allTypes);

  CompileOptions options;
  options.kestra = true;
  options.entryPoints = {taskList};
  if (!triggerList.empty()) options.entryPoints.push_back(triggerList);
  PluginSchema schema(JsonSchema::compile(document, options), taskList, triggerList);
  schema.taskTypes_ = std::move(taskTypes);
  schema.triggerTypes_ = std::move(triggerTypes);
  schema.allTypes_ = std::move(allTypes);
  return schema;
}

PluginSchema PluginSchema::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(file, ec)) {
    throw UsageError("Cannot read plugin schema '" + file.string() + "': " +
                     (std::filesystem::is_directory(file, ec) ? std::string("is a directory") : std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  json document;
  try {
    document = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw UsageError("Plugin schema '" + file.string() + "' is not valid JSON: " + e.what());
  }
  try {
    return fromJson(document);
  } catch (const std::invalid_argument& e) {
    throw UsageError("Plugin schema '" + file.string() +
                     "' is not a Kestra flow schema (GET /api/v1/plugins/schemas/flow): " + e.what());
  }
}

bool PluginSchema::knowsType(std::string_view type) const { return allTypes_.find(type) != allTypes_.end(); }

void PluginSchema::checkTask(const json& task, const std::string& pointer, std::vector<Violation>& out,
                             std::unordered_set<const json*>& done) const {
  ValidationScope scope{taskList_, pointer, &done};
  auto violations = schema_.validate(task, scope);
  out.insert(out.end(), violations.begin(), violations.end());
  done.insert(&task);
}

// Validates a task the schema has not reached yet, then looks for child tasks the schema leaves
// undescribed (Switch `cases` is a free-form map in the generated schema).
void PluginSchema::walkTask(const json& task, const std::string& pointer, std::vector<Violation>& out,
                            std::unordered_set<const json*>& done) const {
  if (!done.count(&task)) checkTask(task, pointer, out, done);
  if (!task.is_object()) return;
  auto walkList = [&](const json& list, const std::string& at) {
    if (!list.is_array()) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string item = at + "/" + std::to_string(i);
      if (looksLikeTask(list[i])) {
        walkTask(list[i], item, out, done);
      } else if (list[i].is_object() && looksLikeTask(list[i].value("task", json()))) {
        walkTask(list[i]["task"], item + "/task", out, done);  // Dag: tasks[].task
      }
    }
  };
  for (const char* key : kTaskLists) {
    if (task.contains(key)) walkList(task[key], pointer + "/" + key);
  }
  if (task.contains("cases") && task["cases"].is_object()) {
    for (const auto& [name, list] : task["cases"].items()) walkList(list, pointer + "/cases/" + escapePointerToken(name));
  }
}

std::vector<Violation> PluginSchema::validateFlow(const nlohmann::json& flow) const {
  std::vector<Violation> out;
  if (!flow.is_object()) return {{"", "must be object"}};
  std::unordered_set<const json*> done;
  auto tasks = [&](const json& list, const std::string& pointer) {
    if (!list.is_array()) return;
    for (std::size_t i = 0; i < list.size(); ++i) walkTask(list[i], pointer + "/" + std::to_string(i), out, done);
  };
  for (const char* key : {"tasks", "errors", "finally", "afterExecution"}) {
    if (flow.contains(key)) tasks(flow[key], std::string("/") + key);
  }
  if (flow.contains("listeners") && flow["listeners"].is_array()) {
    const json& listeners = flow["listeners"];
    for (std::size_t i = 0; i < listeners.size(); ++i) {
      if (listeners[i].is_object() && listeners[i].contains("tasks")) {
        tasks(listeners[i]["tasks"], "/listeners/" + std::to_string(i) + "/tasks");
      }
    }
  }
  if (!triggerList_.empty() && flow.contains("triggers") && flow["triggers"].is_array()) {
    const json& triggers = flow["triggers"];
    for (std::size_t i = 0; i < triggers.size(); ++i) {
      auto violations = schema_.validate(triggers[i], {triggerList_, "/triggers/" + std::to_string(i), nullptr});
      out.insert(out.end(), violations.begin(), violations.end());
    }
  }
  // A child reached both through the schema and through the container walk is reported once.
  std::vector<Violation> unique;
  for (auto& violation : out) {
    if (std::find(unique.begin(), unique.end(), violation) == unique.end()) unique.push_back(std::move(violation));
  }
  return unique;
}

}  // namespace kcicd::schema
