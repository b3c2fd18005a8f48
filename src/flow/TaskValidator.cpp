// Tasks, triggers and conditions: type resolution through the catalog, their properties, and the class-level
// validators of the core flowable tasks and triggers (Dag, Switch, WorkingDirectory, Schedule, Webhook…).
#include <algorithm>
#include <functional>
#include <set>

#include "Cron.h"
#include "FlowChecker.h"
#include "Patterns.h"
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

}  // namespace

// Kestra's two violations for a type that does not resolve (YamlParser + PluginDeserializer).
static void invalidType(Checker& c, const Where& where, const NodeRef& at, const std::string& type, const std::string& why) {
  c.parseError(where, at, "Invalid type: " + type);
  c.parseError(where, at,
               "Could not resolve type id '" + type + "' as a subtype of `io.kestra.core.models.Plugin`: " +
                   (why.empty() ? "No plugin registered for the defined type: '" + type + "'" : why));
}

void Checker::checkTaskList(const NodeRef& list, const Where& where, std::vector<std::size_t>& into, const ValueMode& mode,
                            const ValueSpec* spec) {
  if (list.isNull()) return;  // a missing list is the owner's @NotNull/@NotEmpty
  if (!list.isSequence()) {
    std::string message = mismatch("java.util.List<io.kestra.core.models.tasks.Task>", list);
    parseError(where, list, v1() ? "YAML parsing error: " + message : message);
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
  NodeRef typeNode = node.get("type");
  auto type = textValue(typeNode);
  if (!type || type->empty()) {
    invalidType(*this, where, node, "<null>", "");
    return std::nullopt;
  }
  if (v2() && refusedType(where, typeNode, *type)) return std::nullopt;
  auto resolved = catalog_.resolve(*type, version_);
  if (resolved.internal) {
    invalidType(*this, where, typeNode, *type, "`" + *type + "` is internal to Kestra and cannot be used in a flow");
    return std::nullopt;
  }
  if (resolved.type && resolved.type->kind != PluginKind::Task) {
    invalidType(*this, where, typeNode, *type,
                "`" + *type + "` is a " + std::string(toString(resolved.type->kind)) + ", not a task");
    return std::nullopt;
  }
  if (!resolved.type && definitelyInvalid(*type)) {
    invalidType(*this, where, typeNode, *type, "");
    return std::nullopt;
  }
  NodeRef idNode = node.get("id");
  std::optional<std::string> id;
  if (idNode.isScalar()) id = std::string(idNode.text());
  std::size_t index = model_.tasks.size();
  TaskNode task;
  task.node = node;
  task.where = where;
  task.id = id;
  task.typeName = *type;
  task.type = resolved.type;
  model_.tasks.push_back(std::move(task));

  ValueMode m = mode;
  m.owner = Owner{Leaf::Task, id};
  if (!resolved.type) {
    // A plugin outside the catalog (core and the plugin types of data/core-plugins.json): only the properties every task has are checked.
    unchecked(*type);
    if (v2()) removedBaseKeys(node, where, PluginKind::Task, *type);
    checkObject(node, catalog_.base(PluginKind::Task), where, m, nullptr, /*allowUnknown=*/true);
    return index;
  }
  const PluginType& t = *resolved.type;
  if (t.deprecated) deprecated(where, node);
  // 2.0: runIf is the deprecated alias of `when` (migration-guide/v2.0.0/run-if-renamed-when).
  if (v2() && !node.get("runIf").isNull()) deprecated(where.field("runIf"), node.get("runIf"));
  if (v1() && !v2() && t.name == "io.kestra.plugin.core.flow.Pause" && !node.get("delay").isNull())
    deprecated(where.field("delay"), node.get("delay"));  // 1.x: delay → pauseDuration
  if (v2() && t.name == "io.kestra.plugin.core.execution.Exit") exitStateCanceled(node, where);
  collector_.push_back(index);
  checkObject(node, t.object, where, m, &t);
  collector_.pop_back();

  if (t.executable()) {
    model_.tasks[index].executable = true;
    model_.tasks[index].subflowNamespace = scalarString(node.get("namespace"));
    model_.tasks[index].subflowId = scalarString(node.get("flowId"));
  }
  if (t.name == "io.kestra.plugin.core.flow.ForEachItem") {
    // allChildTasks(): the three generated sub-steps take part in the duplicate-id and recursion checks.
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
        child.subflowNamespace = scalarString(node.get("namespace"));
        child.subflowId = scalarString(node.get("flowId"));
      }
      synthetic.push_back(model_.tasks.size());
      model_.tasks.push_back(std::move(child));
    }
    model_.tasks[index].children.push_back({"_synthetic", synthetic});
  }
  if (!mode.bean) return index;

  const Owner& owner = m.owner;
  if (v1() && id && patterns::javaLength(*id) > 256)  // 1.x Task.id @Size(max = 256)
    violation(where.field("id"), idNode, "Task id must be at most 256 characters", owner);
  if (t.name == "io.kestra.plugin.core.flow.Dag") {
    NodeRef list = node.get("tasks");
    if (list.isSequence()) {
      std::vector<std::string> ids;
      std::vector<std::vector<std::string>> deps;
      for (std::size_t i = 0; i < list.size(); ++i) {
        NodeRef item = list.item(i);
        ids.push_back(scalarString(item.get("task").get("id")));
        std::vector<std::string> d;
        NodeRef dependsOn = item.get("dependsOn");
        if (dependsOn.isSequence())
          for (std::size_t k = 0; k < dependsOn.size(); ++k) d.push_back(scalarString(dependsOn.item(k)));
        deps.push_back(std::move(d));
      }
      std::vector<std::string> missing;
      for (const auto& d : deps)
        for (const auto& dep : d)
          if (std::find(ids.begin(), ids.end(), dep) == ids.end() &&
              std::find(missing.begin(), missing.end(), dep) == missing.end())
            missing.push_back(dep);
      if (!missing.empty()) {
        std::string joined;
        for (const auto& s : missing) joined += (joined.empty() ? "" : ", ") + s;
        violation(where, node, "Not existing task id in dependency: " + joined, owner);
      }
      std::vector<std::string> cyclic;
      for (std::size_t start = 0; start < ids.size(); ++start) {
        std::vector<bool> seen(ids.size(), false);
        std::vector<std::size_t> stack{start};
        bool loops = false;
        while (!stack.empty() && !loops) {
          std::size_t at = stack.back();
          stack.pop_back();
          for (const auto& dep : deps[at]) {
            auto it = std::find(ids.begin(), ids.end(), dep);
            if (it == ids.end()) continue;
            std::size_t next = static_cast<std::size_t>(it - ids.begin());
            if (next == start) {
              loops = true;
              break;
            }
            if (!seen[next]) {
              seen[next] = true;
              stack.push_back(next);
            }
          }
        }
        if (loops && std::find(cyclic.begin(), cyclic.end(), ids[start]) == cyclic.end()) cyclic.push_back(ids[start]);
      }
      if (!cyclic.empty()) {
        std::string joined;
        for (const auto& s : cyclic) joined += (joined.empty() ? "" : ", ") + s;
        violation(where, node, "Cyclic dependency detected: " + joined, owner);
      }
    }
  } else if (t.name == "io.kestra.plugin.core.flow.Switch") {
    NodeRef cases = node.get("cases"), defaults = node.get("defaults");
    bool noCases = !cases.isMapping() || cases.size() == 0;
    bool noDefaults = !defaults.isSequence() || defaults.size() == 0;
    if (noCases && noDefaults) violation(where, node, "No task defined, neither cases or default have any tasks", owner);
    if (v1()) {  // 1.x: every case and the defaults, when given, hold at least one task
      if (cases.isMapping())
        for (std::size_t i = 0; i < cases.size(); ++i) {
          NodeRef c = cases.value(i);
          if ((c.isNull() || (c.isSequence() && c.size() == 0)) && cases.key(i).isScalar())
            violation(where.field("cases").key(cases.key(i).text()), c.isNull() ? cases : c, "must not be empty", owner);
        }
      if (defaults.isSequence() && defaults.size() == 0)
        violation(where.field("defaults"), defaults, "must not be empty", owner);
    }
  } else if (t.name == "io.kestra.plugin.core.flow.WorkingDirectory") {
    NodeRef list = node.get("tasks");
    if (!list.isSequence() || list.size() == 0) {
      violation(where, node, "The 'tasks' property cannot be empty", owner);
    } else {
      bool notRunnable = false, workerGroup = false;
      for (std::size_t i = 0; i < list.size(); ++i) {
        NodeRef child = list.item(i);
        if (!child.isMapping()) continue;
        if (auto childType = textValue(child.get("type"))) {
          auto r = catalog_.resolve(*childType, version_);
          if (r.type && r.type->kind == PluginKind::Task && !r.type->runnable()) notRunnable = true;
        }
        if (!child.get("workerGroup").isNull()) workerGroup = true;
      }
      if (notRunnable) violation(where, node, "Only runnable tasks are allowed as children of a WorkingDirectory task", owner);
      if (workerGroup)
        violation(where, node,
                  "Cannot set a Worker Group in any WorkingDirectory sub-tasks, it is only supported at the "
                  "WorkingDirectory level",
                  owner);
    }
  } else if (t.name == "io.kestra.plugin.core.flow.If" && v1()) {
    if (node.get("condition").isNull()) violation(where.field("condition"), node, "must not be null", owner);
  }
  return index;
}

void Checker::checkPlugin(const NodeRef& node, const Where& where, PluginKind kind, const ValueMode& mode,
                          const std::string& mustImplement) {
  if (node.isNull()) return;
  if (!node.isMapping()) {
    std::string message = mismatch(baseClassOf(kind), node);
    parseError(where, node, v1() ? "YAML parsing error: " + message : message);
    return;
  }
  NodeRef typeNode = node.get("type");
  auto type = textValue(typeNode);
  if (!type || type->empty()) {
    invalidType(*this, where, node, "<null>", "");
    return;
  }
  if (v2() && refusedType(where, typeNode, *type)) return;
  auto resolved = catalog_.resolve(*type, version_);
  if (resolved.internal) {
    invalidType(*this, where, typeNode, *type, "`" + *type + "` is internal to Kestra and cannot be used in a flow");
    return;
  }
  if (resolved.type && kind != PluginKind::Other && resolved.type->kind != kind) {
    invalidType(*this, where, typeNode, *type,
                "`" + *type + "` is a " + std::string(toString(resolved.type->kind)) + ", not a " +
                    std::string(toString(kind)));
    return;
  }
  if (!resolved.type) {
    if (definitelyInvalid(*type)) {
      invalidType(*this, where, typeNode, *type, "");
      return;
    }
    unchecked(*type);
    ValueMode m = mode;
    m.owner = Owner{};
    checkObject(node, catalog_.base(kind), where, m, nullptr, /*allowUnknown=*/true);
    return;
  }
  const PluginType& t = *resolved.type;
  if (!mustImplement.empty() && !t.implements(mustImplement)) {
    parseError(where, typeNode,
               "Invalid type: " + *type + " (a condition used here must be a " + mustImplement + ")");
    return;
  }
  if (t.deprecated) deprecated(where, node);
  ValueMode m = mode;
  m.owner = Owner{};
  checkObject(node, t.object, where, m, &t);
}

void Checker::checkTriggers(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    std::string message = mismatch("java.util.List<io.kestra.core.models.triggers.AbstractTrigger>", list);
    parseError(where, list, v1() ? "YAML parsing error: " + message : message);
    return;
  }
  ValueMode mode;
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef node = list.item(i);
    Where w = where.index(i);
    if (node.isNull()) {
      violation(w, node, "must not be null");
      continue;
    }
    if (!node.isMapping()) {
      parseError(w, node,
                 "Cannot deserialize value of type `io.kestra.core.models.triggers.AbstractTrigger` from " +
                     kindDescription(node) + " value: a trigger is a mapping with an `id` and a `type`");
      continue;
    }
    NodeRef idNode = node.get("id");
    std::optional<std::string> id;
    if (idNode.isScalar()) id = std::string(idNode.text());
    NodeRef typeNode = node.get("type");
    auto type = textValue(typeNode);
    if (!type || type->empty()) {
      invalidType(*this, w, node, "<null>", "");
      continue;
    }
    if (v2() && refusedType(w, typeNode, *type)) continue;
    auto resolved = catalog_.resolve(*type, version_);
    if (resolved.internal || (resolved.type && resolved.type->kind != PluginKind::Trigger) ||
        (!resolved.type && definitelyInvalid(*type))) {
      std::string why;
      if (resolved.type) why = "`" + *type + "` is a " + std::string(toString(resolved.type->kind)) + ", not a trigger";
      invalidType(*this, w, typeNode, *type, why);
      continue;
    }
    model_.triggerIds.push_back(id);
    if (v2() && id && patterns::javaLength(*id) > 256)  // 2.0.0-SNAPSHOT API AbstractTrigger.id x-size-message
      violation(w.field("id"), idNode, "Trigger id must be at most 256 characters");
    if (!resolved.type) {
      unchecked(*type);
      if (v2()) removedBaseKeys(node, w, PluginKind::Trigger, *type);
      checkObject(node, catalog_.base(PluginKind::Trigger), w, mode, nullptr, /*allowUnknown=*/true);
    } else {
      const PluginType& t = *resolved.type;
      if (t.deprecated) deprecated(w, node);
      checkObject(node, t.object, w, mode, &t);
      if (t.name == "io.kestra.plugin.core.trigger.Schedule") {
        NodeRef cron = node.get("cron");
        bool withSeconds = false;
        parseBoolean(node.get("withSeconds").text(), withSeconds);
        if (cron.isScalar()) {
          if (auto error = checkCron(cron.text(), withSeconds, version_))
            violation(w, cron, "invalid cron expression '" + std::string(cron.text()) + "': " + *error);
        }
      } else if (t.name == "io.kestra.plugin.core.trigger.Webhook") {
        NodeRef conditions = node.get("conditions");
        if (conditions.isSequence()) {
          for (std::size_t k = 0; k < conditions.size(); ++k) {
            auto conditionType = textValue(conditions.item(k).get("type"));
            if (!conditionType) continue;
            auto r = catalog_.resolve(*conditionType, version_);
            if (r.type && r.type->name == "io.kestra.plugin.core.condition.MultipleCondition") {
              violation(w, node, "invalid webhook: conditions of type MultipleCondition are not supported");
              break;
            }
          }
        }
        NodeRef contentType = node.get("responseContentType");
        if (v1() && contentType.isScalar() && contentType.text() != "application/json" && contentType.text() != "text/plain")
          violation(w, contentType, "invalid webhook: responseContentType must be either 'application/json' or 'text/plain'");
      } else if (t.name == "io.kestra.plugin.core.trigger.Flow") {
        model_.flowTriggers.push_back({id, node});
        // 2.0 @FlowTriggerValidation (migration-guide/v2.0.0/trigger-conditions-redesign): AT_LEAST needs
        // minSatisfied. Kestra's message is not known, so a warning in our words.
        if (v2() && node.get("mode").isScalar() && node.get("mode").text() == "AT_LEAST" && node.get("minSatisfied").isNull())
          warning("Flow trigger '" + id.value_or("null") + "': mode AT_LEAST needs minSatisfied (Kestra 2.0)", node,
                  w.pointer);
        NodeRef preconditionId = node.get("preconditions").get("id");
        if (preconditionId.isScalar()) model_.preconditionIds.push_back(std::string(preconditionId.text()));
      }
    }
    // @NoSystemLabelValidation on trigger labels.
    NodeRef labels = node.get("labels");
    auto systemLabel = [&](const std::string& key, const std::string& value, const Where& at, const NodeRef& n) {
      if (key.rfind("system.", 0) == 0)
        violation(at, n, "System labels can only be set by Kestra itself, offending label: " + key + "=" + value + ".");
    };
    if (labels.isMapping()) {
      for (std::size_t k = 0; k < labels.size(); ++k)
        systemLabel(scalarString(labels.key(k)), scalarString(labels.value(k)), w.field("labels").index(k), labels.key(k));
    } else if (labels.isSequence()) {
      for (std::size_t k = 0; k < labels.size(); ++k)
        systemLabel(scalarString(labels.item(k).get("key")), scalarString(labels.item(k).get("value")),
                    w.field("labels").index(k), labels.item(k));
    }
  }
}

}  // namespace kcicd::flow::detail
