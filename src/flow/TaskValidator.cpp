// Tasks, triggers and conditions: type resolution through the catalog, their properties, and what the flow-level
// rules need of them (FlowModel). The class-level validators of the core types live in TaskRules.cpp, keyed by
// type name.
#include "FlowChecker.h"
#include "Patterns.h"
#include "TaskRules.h"
#include "YamlJson.h"

namespace kcicd::flow::detail {

namespace {

constexpr std::string_view kCorePrefix = "io.kestra.plugin.core.";

// A type that cannot be a plugin Kestra knows, whatever plugins are installed: not a class name, a class of
// the core module missing from the catalog (the catalog lists the whole core module), or no package.
bool definitelyInvalid(std::string_view type) {
  if (!patterns::isJavaTypeName(type)) return true;
  if (type.find('.') == std::string_view::npos) return true;
  return type.substr(0, kCorePrefix.size()) == kCorePrefix;
}

std::string kindDescription(const NodeRef& value) {
  if (value.isSequence()) return "Array";
  if (value.isMapping()) return "Object";
  return "String";
}

std::string baseClassOf(PluginKind kind) {
  switch (kind) {
    case PluginKind::Task: return "io.kestra.core.models.tasks.Task";
    case PluginKind::Trigger: return "io.kestra.core.models.triggers.AbstractTrigger";
    case PluginKind::Condition: return "io.kestra.core.models.conditions.Condition";
    case PluginKind::Runner: return "io.kestra.core.models.tasks.runners.TaskRunner";
    case PluginKind::Other: break;
  }
  return "io.kestra.core.models.Plugin";
}

// Kestra's two violations for a type that does not resolve (YamlParser + PluginDeserializer).
void invalidType(Checker& c, const Where& where, const NodeRef& at, const std::string& type, const std::string& why) {
  c.parseError(where, at, "Invalid type: " + type);
  c.parseError(where, at,
               "Could not resolve type id '" + type + "' as a subtype of `io.kestra.core.models.Plugin`: " +
                   (why.empty() ? "No plugin registered for the defined type: '" + type + "'" : why));
}

struct ResolvedType {
  std::string name;                  // as written
  const PluginType* type = nullptr;  // null: a plugin outside the catalog
};

// The `type` of a task, trigger or other plugin node, through the catalog; Kestra's errors when it does not resolve
// to a `kind` (any kind for PluginKind::Other).
std::optional<ResolvedType> resolveType(Checker& c, const NodeRef& node, const Where& where, PluginKind kind) {
  NodeRef typeNode = node.get("type");
  auto type = textValue(typeNode);
  if (!type || type->empty()) {
    invalidType(c, where, node, "<null>", "");
    return std::nullopt;
  }
  if (c.v2() && c.refusedType(where, typeNode, *type)) return std::nullopt;
  auto resolved = c.catalog().resolve(*type, c.version());
  std::string why;
  if (resolved.internal) {
    if (kind != PluginKind::Trigger)  // a trigger gets the plain "No plugin registered" text
      why = "`" + *type + "` is internal to Kestra and cannot be used in a flow";
  } else if (resolved.type && kind != PluginKind::Other && resolved.type->kind != kind) {
    why = "`" + *type + "` is a " + std::string(toString(resolved.type->kind)) + ", not a " +
          std::string(toString(kind));
  } else if (resolved.type || !definitelyInvalid(*type)) {
    return ResolvedType{*type, resolved.type};
  }
  invalidType(c, where, typeNode, *type, why);
  return std::nullopt;
}

std::optional<std::string> idOf(const NodeRef& node) {
  NodeRef idNode = node.get("id");
  if (!idNode.isScalar()) return std::nullopt;
  return std::string(idNode.text());
}

}  // namespace

void Checker::checkTaskList(const NodeRef& list, const Where& where, std::vector<std::size_t>& into, const ValueMode& mode,
                            const ValueSpec* spec) {
  if (list.isNull()) return;  // a missing list is the owner's @NotNull/@NotEmpty
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.tasks.Task>");
    return;
  }
  if (mode.bean && spec && spec->notEmpty && list.size() == 0) violation(where, list, "must not be empty", mode.owner);
  for (std::size_t i = 0; i < list.size(); ++i)
    if (auto task = checkTask(list.item(i), where.index(i), mode)) into.push_back(*task);
}

std::optional<std::size_t> Checker::checkTask(const NodeRef& node, const Where& where, const ValueMode& mode) {
  if (node.isNull()) {
    if (mode.bean) violation(where, node, "must not be null", mode.owner);
    return std::nullopt;
  }
  if (!node.isMapping()) {
    parseError(where, node,
               "Cannot deserialize value of type `io.kestra.core.models.tasks.Task` from " + kindDescription(node) +
                   " value: a task is a mapping with an `id` and a `type`");
    return std::nullopt;
  }
  auto resolved = resolveType(*this, node, where, PluginKind::Task);
  if (!resolved) return std::nullopt;
  std::optional<std::string> id = idOf(node);
  TaskNode task;
  task.node = node;
  task.where = where;
  task.id = id;
  task.typeName = resolved->name;
  task.type = resolved->type;
  std::size_t index = addTask(std::move(task));
  ValueMode m = mode;
  m.owner = Owner{Leaf::Task, id};
  if (!resolved->type) {
    // A plugin outside the catalog (core and the plugin types of data/core-plugins.json): only the properties every task has are checked.
    unchecked(resolved->name);
    if (v2()) removedBaseKeys(node, where, PluginKind::Task, resolved->name);
    checkObject(node, catalog_.base(PluginKind::Task), where, m, nullptr, /*allowUnknown=*/true);
    return index;
  }
  const PluginType& t = *resolved->type;
  const TypeRules* rules = taskRules(t.name);
  RuleSite site{node, where, m.owner, id};
  if (t.deprecated) deprecated(where, node);
  // 2.0: runIf is the deprecated alias of `when` (migration-guide/v2.0.0/run-if-renamed-when).
  if (v2() && !node.get("runIf").isNull()) deprecated(where.field("runIf"), node.get("runIf"));
  if (rules && rules->beforeProperties) rules->beforeProperties(*this, site);
  collector_.push_back(index);
  checkObject(node, t.object, where, m, &t);
  collector_.pop_back();
  addSubflowCalls(index, t);
  if (!mode.bean) return index;
  if (v1() && id && patterns::javaLength(*id) > 256)  // 1.x Task.id @Size(max = 256)
    violation(where.field("id"), node.get("id"), "Task id must be at most 256 characters", m.owner);
  if (rules && rules->validator) rules->validator(*this, site);
  return index;
}

std::size_t Checker::addTask(TaskNode task) {
  model_.tasks.push_back(std::move(task));
  return model_.tasks.size() - 1;
}

// A Subflow calls a flow; ForEachItem's allChildTasks() adds three generated sub-steps (its `_items` calls the
// flow) that take part in the duplicate-id and recursion checks.
void Checker::addSubflowCalls(std::size_t index, const PluginType& t) {
  NodeRef node = model_.tasks[index].node;  // copies: adding tasks moves them
  Where where = model_.tasks[index].where;
  std::optional<std::string> id = model_.tasks[index].id;
  std::string ns = scalarString(node.get("namespace")), flowId = scalarString(node.get("flowId"));
  if (t.executable()) {
    model_.tasks[index].executable = true;
    model_.tasks[index].subflowNamespace = ns;
    model_.tasks[index].subflowId = flowId;
  }
  if (t.name != "io.kestra.plugin.core.flow.ForEachItem") return;
  std::vector<std::size_t> synthetic;
  for (const char* suffix : {"_split", "_items", "_merge"}) {
    TaskNode child;
    child.node = node;
    child.where = where;
    child.id = id.value_or("null") + suffix;
    child.typeName = t.name;
    child.synthetic = true;
    if (std::string_view(suffix) == "_items") {
      child.executable = true;
      child.subflowNamespace = ns;
      child.subflowId = flowId;
    }
    synthetic.push_back(addTask(std::move(child)));
  }
  model_.tasks[index].children.push_back({"_synthetic", synthetic});
}

void Checker::checkPlugin(const NodeRef& node, const Where& where, PluginKind kind, const ValueMode& mode,
                          const std::string& mustImplement) {
  if (node.isNull()) return;
  if (!node.isMapping()) {
    shapeError(where, node, baseClassOf(kind));
    return;
  }
  auto resolved = resolveType(*this, node, where, kind);
  if (!resolved) return;
  ValueMode m = mode;
  m.owner = Owner{};
  if (!resolved->type) {
    unchecked(resolved->name);
    checkObject(node, catalog_.base(kind), where, m, nullptr, /*allowUnknown=*/true);
    return;
  }
  const PluginType& t = *resolved->type;
  if (!mustImplement.empty() && !t.implements(mustImplement)) {
    parseError(where, node.get("type"),
               "Invalid type: " + resolved->name + " (a condition used here must be a " + mustImplement + ")");
    return;
  }
  if (t.deprecated) deprecated(where, node);
  checkObject(node, t.object, where, m, &t);
}

void Checker::checkTriggers(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.triggers.AbstractTrigger>");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) checkTrigger(list.item(i), where.index(i));
}

void Checker::checkTrigger(const NodeRef& node, const Where& where) {
  if (node.isNull()) return violation(where, node, "must not be null");
  if (!node.isMapping()) {
    parseError(where, node,
               "Cannot deserialize value of type `io.kestra.core.models.triggers.AbstractTrigger` from " +
                   kindDescription(node) + " value: a trigger is a mapping with an `id` and a `type`");
    return;
  }
  std::optional<std::string> id = idOf(node);
  auto resolved = resolveType(*this, node, where, PluginKind::Trigger);
  if (!resolved) return;
  model_.triggerIds.push_back(id);
  if (v2() && id && patterns::javaLength(*id) > 256)  // 2.0.0-SNAPSHOT API AbstractTrigger.id x-size-message
    violation(where.field("id"), node.get("id"), "Trigger id must be at most 256 characters");
  ValueMode mode;
  RuleSite site{node, where, mode.owner, id};
  if (!resolved->type) {
    unchecked(resolved->name);
    if (v2()) removedBaseKeys(node, where, PluginKind::Trigger, resolved->name);
    checkObject(node, catalog_.base(PluginKind::Trigger), where, mode, nullptr, /*allowUnknown=*/true);
  } else {
    const PluginType& t = *resolved->type;
    if (t.deprecated) deprecated(where, node);
    checkObject(node, t.object, where, mode, &t);
    if (t.name == "io.kestra.plugin.core.trigger.Flow") {
      model_.flowTriggers.push_back({id, node});
      NodeRef preconditionId = node.get("preconditions").get("id");
      if (preconditionId.isScalar()) model_.preconditionIds.push_back(std::string(preconditionId.text()));
    }
    if (const TypeRules* rules = triggerRules(t.name); rules && rules->validator) rules->validator(*this, site);
  }
  triggerSystemLabels(*this, site);
}

}  // namespace kcicd::flow::detail
