// The class-level validators of the core flowable tasks and triggers, one function each, in two tables keyed by
// type name. Kestra runs them during bean validation (`@DagTaskValidation`, `@SwitchTaskValidation`…): their
// messages print as `<path>: <message>`, with `tasks[N]` replaced by the task id (Owner{Leaf::Task}).
//
// Kestra sources: kestra-io/kestra core/src/main/java/io/kestra/core/validations/validator/*Validator.java and
// core/src/main/java/io/kestra/plugin/core/{flow,trigger}/*.java, 0.21 at commit 58c1ca2d unless marked 1.x or
// 2.0 (docs/kestra-flow-validation.md §3).
#include "TaskRules.h"

#include <algorithm>
#include <unordered_map>

#include "Cron.h"
#include "Duration.h"

namespace kcicd::flow::detail {

namespace {

// --- tasks -----------------------------------------------------------------------------------------------

// A Dag's `tasks` as a graph: the id of each DagTask and the ids it depends on.
struct DagGraph {
  std::vector<std::string> ids;
  std::vector<std::vector<std::string>> deps;

  std::optional<std::size_t> indexOf(const std::string& id) const {
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) return std::nullopt;
    return static_cast<std::size_t>(it - ids.begin());
  }
};

DagGraph dagGraph(const NodeRef& list) {
  DagGraph g;
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef item = list.item(i);
    g.ids.push_back(scalarString(item.get("task").get("id")));
    std::vector<std::string> d;
    NodeRef dependsOn = item.get("dependsOn");
    if (dependsOn.isSequence())
      for (std::size_t k = 0; k < dependsOn.size(); ++k) d.push_back(scalarString(dependsOn.item(k)));
    g.deps.push_back(std::move(d));
  }
  return g;
}

// DagTaskValidator.java: a dependency that names no task of the Dag.
std::vector<std::string> dagMissing(const DagGraph& g) {
  std::vector<std::string> missing;
  for (const auto& d : g.deps)
    for (const auto& dep : d)
      if (!g.indexOf(dep) && std::find(missing.begin(), missing.end(), dep) == missing.end()) missing.push_back(dep);
  return missing;
}

// DagTaskValidator.java: a task whose dependencies lead back to it.
bool dagLoops(const DagGraph& g, std::size_t start) {
  std::vector<bool> seen(g.ids.size(), false);
  std::vector<std::size_t> stack{start};
  while (!stack.empty()) {
    std::size_t at = stack.back();
    stack.pop_back();
    for (const auto& dep : g.deps[at]) {
      auto next = g.indexOf(dep);
      if (!next) continue;
      if (*next == start) return true;
      if (!seen[*next]) {
        seen[*next] = true;
        stack.push_back(*next);
      }
    }
  }
  return false;
}

// DagTaskValidator.java (io.kestra.plugin.core.flow.Dag).
void dagValidator(Checker& c, const RuleSite& s) {
  NodeRef list = s.node.get("tasks");
  if (!list.isSequence()) return;
  DagGraph g = dagGraph(list);
  if (auto missing = dagMissing(g); !missing.empty())
    c.violation(s.where, s.node, "Not existing task id in dependency: " + joinList(missing), s.owner);
  std::vector<std::string> cyclic;
  for (std::size_t start = 0; start < g.ids.size(); ++start)
    if (dagLoops(g, start) && std::find(cyclic.begin(), cyclic.end(), g.ids[start]) == cyclic.end())
      cyclic.push_back(g.ids[start]);
  if (!cyclic.empty()) c.violation(s.where, s.node, "Cyclic dependency detected: " + joinList(cyclic), s.owner);
}

// SwitchTaskValidator.java (io.kestra.plugin.core.flow.Switch); 1.x Switch.java: every case and the defaults,
// when given, hold at least one task (@NotEmpty).
void switchValidator(Checker& c, const RuleSite& s) {
  NodeRef cases = s.node.get("cases"), defaults = s.node.get("defaults");
  bool noCases = !cases.isMapping() || cases.size() == 0;
  bool noDefaults = !defaults.isSequence() || defaults.size() == 0;
  if (noCases && noDefaults)
    c.violation(s.where, s.node, "No task defined, neither cases or default have any tasks", s.owner);
  if (!c.v1()) return;
  if (cases.isMapping())
    for (std::size_t i = 0; i < cases.size(); ++i) {
      NodeRef one = cases.value(i);
      if ((one.isNull() || (one.isSequence() && one.size() == 0)) && cases.key(i).isScalar())
        c.violation(s.where.field("cases").key(cases.key(i).text()), one.isNull() ? cases : one, "must not be empty",
                    s.owner);
    }
  if (defaults.isSequence() && defaults.size() == 0)
    c.violation(s.where.field("defaults"), defaults, "must not be empty", s.owner);
}

// WorkingDirectoryTaskValidator.java (io.kestra.plugin.core.flow.WorkingDirectory).
void workingDirectoryValidator(Checker& c, const RuleSite& s) {
  NodeRef list = s.node.get("tasks");
  if (!list.isSequence() || list.size() == 0)
    return c.violation(s.where, s.node, "The 'tasks' property cannot be empty", s.owner);
  bool notRunnable = false, workerGroup = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef child = list.item(i);
    if (!child.isMapping()) continue;
    if (auto childType = textValue(child.get("type"))) {
      auto r = c.catalog().resolve(*childType, c.version());
      if (r.type && r.type->kind == PluginKind::Task && !r.type->runnable()) notRunnable = true;
    }
    if (!child.get("workerGroup").isNull()) workerGroup = true;
  }
  if (notRunnable)
    c.violation(s.where, s.node, "Only runnable tasks are allowed as children of a WorkingDirectory task", s.owner);
  if (workerGroup)
    c.violation(s.where, s.node,
                "Cannot set a Worker Group in any WorkingDirectory sub-tasks, it is only supported at the "
                "WorkingDirectory level",
                s.owner);
}

// 1.x core/src/main/java/io/kestra/plugin/core/flow/If.java: `condition` is @NotNull.
void ifValidator(Checker& c, const RuleSite& s) {
  if (c.v1() && s.node.get("condition").isNull())
    c.violation(s.where.field("condition"), s.node, "must not be null", s.owner);
}

// 1.x core/src/main/java/io/kestra/plugin/core/flow/Pause.java: `delay` is deprecated for `pauseDuration`.
void pauseDelay(Checker& c, const RuleSite& s) {
  if (c.v1() && !c.v2() && !s.node.get("delay").isNull()) c.deprecated(s.where.field("delay"), s.node.get("delay"));
}

// 2.0 Exit (KestraV2Rules.cpp): `state: CANCELED` is gone.
void exitState(Checker& c, const RuleSite& s) {
  if (c.v2()) c.exitStateCanceled(s.node, s.where);
}

// --- triggers --------------------------------------------------------------------------------------------

// ScheduleValidator.java / CronExpressionValidator.java (io.kestra.plugin.core.trigger.Schedule).
void scheduleValidator(Checker& c, const RuleSite& s) {
  NodeRef cron = s.node.get("cron");
  bool withSeconds = false;
  parseBoolean(s.node.get("withSeconds").text(), withSeconds);
  if (!cron.isScalar()) return;
  if (auto error = checkCron(cron.text(), withSeconds, c.version()))
    c.violation(s.where, cron, "invalid cron expression '" + std::string(cron.text()) + "': " + *error);
}

// WebhookValidator.java (io.kestra.plugin.core.trigger.Webhook); responseContentType: 1.x.
void webhookValidator(Checker& c, const RuleSite& s) {
  NodeRef conditions = s.node.get("conditions");
  if (conditions.isSequence()) {
    for (std::size_t k = 0; k < conditions.size(); ++k) {
      auto conditionType = textValue(conditions.item(k).get("type"));
      if (!conditionType) continue;
      auto r = c.catalog().resolve(*conditionType, c.version());
      if (r.type && r.type->name == "io.kestra.plugin.core.condition.MultipleCondition") {
        c.violation(s.where, s.node, "invalid webhook: conditions of type MultipleCondition are not supported");
        break;
      }
    }
  }
  NodeRef contentType = s.node.get("responseContentType");
  if (c.v1() && contentType.isScalar() && contentType.text() != "application/json" && contentType.text() != "text/plain")
    c.violation(s.where, contentType,
                "invalid webhook: responseContentType must be either 'application/json' or 'text/plain'");
}

// 2.0 @FlowTriggerValidation (migration-guide/v2.0.0/trigger-conditions-redesign): AT_LEAST needs minSatisfied.
// Kestra's message is not known, so a warning in our words.
void flowTriggerValidator(Checker& c, const RuleSite& s) {
  NodeRef mode = s.node.get("mode");
  if (c.v2() && mode.isScalar() && mode.text() == "AT_LEAST" && s.node.get("minSatisfied").isNull())
    c.warning("Flow trigger '" + s.id.value_or("null") + "': mode AT_LEAST needs minSatisfied (Kestra 2.0)", s.node,
              s.where.pointer);
}

// --- other classes (a catalog class's `classValidators`) ---------------------------------------------------

// WorkerGroupValidator.java: a worker group key is Enterprise Edition.
void workerGroupValidator(Checker& c, const RuleSite& s) {
  if (!s.node.get("key").isNull()) c.violation(s.where, s.node, "Worker Group is an Enterprise Edition functionality");
}

// PreconditionFilterValidator.java: one violation at most, `value` for every type but IN/NOT_IN.
void preconditionFilterValidator(Checker& c, const RuleSite& s) {
  auto type = textValue(s.node.get("type"));
  if (!type) return;
  bool hasValue = !s.node.get("value").isNull(), hasValues = !s.node.get("values").isNull();
  bool needsValues = *type == "IN" || *type == "NOT_IN";
  if (!needsValues && !hasValue) c.violation(s.where, s.node, "`value` cannot be null for type " + *type);
  else if (needsValues && hasValue) c.violation(s.where, s.node, "`value` must be null for type " + *type);
  else if (needsValues && !hasValues) c.violation(s.where, s.node, "`values` cannot be null for type " + *type);
  else if (!needsValues && hasValues) c.violation(s.where, s.node, "`values` must be null for type " + *type);
}

// The retry validators: a duration property `smaller` may not exceed `larger`.
void retryOrder(Checker& c, const RuleSite& s, const char* smaller, const char* larger) {
  auto duration = [&](const char* name) -> std::optional<JavaDuration> {
    NodeRef v = s.node.get(name);
    return v.isScalar() ? parseKestraDuration(v.text()) : std::nullopt;
  };
  auto a = duration(smaller), b = duration(larger);
  if (a && b && *a > *b)
    c.violation(s.where, s.node,
                std::string("'") + smaller + "' must be less than '" + larger + "' but is " + toJavaString(*a));
}

// ConstantRetryValidator.java.
void constantRetryValidator(Checker& c, const RuleSite& s) { retryOrder(c, s, "interval", "maxDuration"); }

// ExponentialRetryValidator.java.
void exponentialRetryValidator(Checker& c, const RuleSite& s) {
  retryOrder(c, s, "interval", "maxDuration");
  retryOrder(c, s, "interval", "maxInterval");
  retryOrder(c, s, "maxInterval", "maxDuration");
}

// RandomRetryValidator.java.
void randomRetryValidator(Checker& c, const RuleSite& s) {
  retryOrder(c, s, "minInterval", "maxDuration");
  retryOrder(c, s, "maxInterval", "maxDuration");
  retryOrder(c, s, "minInterval", "maxInterval");
}

}  // namespace

// NoSystemLabelValidator.java (@NoSystemLabelValidation on AbstractTrigger.labels).
void triggerSystemLabels(Checker& c, const RuleSite& s) {
  NodeRef labels = s.node.get("labels");
  auto systemLabel = [&](const std::string& key, const std::string& value, const Where& at, const NodeRef& n) {
    if (key.rfind("system.", 0) == 0)
      c.violation(at, n, "System labels can only be set by Kestra itself, offending label: " + key + "=" + value + ".");
  };
  if (labels.isMapping()) {
    for (std::size_t k = 0; k < labels.size(); ++k)
      systemLabel(scalarString(labels.key(k)), scalarString(labels.value(k)), s.where.field("labels").index(k),
                  labels.key(k));
  } else if (labels.isSequence()) {
    for (std::size_t k = 0; k < labels.size(); ++k)
      systemLabel(scalarString(labels.item(k).get("key")), scalarString(labels.item(k).get("value")),
                  s.where.field("labels").index(k), labels.item(k));
  }
}

const TypeRules* taskRules(std::string_view typeName) {
  static const std::unordered_map<std::string_view, TypeRules> rules = {
      {"io.kestra.plugin.core.flow.Dag", {nullptr, dagValidator}},
      {"io.kestra.plugin.core.flow.Switch", {nullptr, switchValidator}},
      {"io.kestra.plugin.core.flow.WorkingDirectory", {nullptr, workingDirectoryValidator}},
      {"io.kestra.plugin.core.flow.If", {nullptr, ifValidator}},
      {"io.kestra.plugin.core.flow.Pause", {pauseDelay, nullptr}},
      {"io.kestra.plugin.core.execution.Exit", {exitState, nullptr}},
  };
  auto it = rules.find(typeName);
  return it == rules.end() ? nullptr : &it->second;
}

const TypeRules* triggerRules(std::string_view typeName) {
  static const std::unordered_map<std::string_view, TypeRules> rules = {
      {"io.kestra.plugin.core.trigger.Schedule", {nullptr, scheduleValidator}},
      {"io.kestra.plugin.core.trigger.Webhook", {nullptr, webhookValidator}},
      {"io.kestra.plugin.core.trigger.Flow", {nullptr, flowTriggerValidator}},
  };
  auto it = rules.find(typeName);
  return it == rules.end() ? nullptr : &it->second;
}

Rule classRule(std::string_view validation) {
  static const std::unordered_map<std::string_view, Rule> rules = {
      {"WorkerGroupValidation", workerGroupValidator},
      {"PreconditionFilterValidation", preconditionFilterValidator},
      {"ConstantRetryValidation", constantRetryValidator},
      {"ExponentialRetryValidation", exponentialRetryValidator},
      {"RandomRetryValidation", randomRetryValidator},
  };
  auto it = rules.find(validation);
  return it == rules.end() ? nullptr : it->second;
}

}  // namespace kcicd::flow::detail
