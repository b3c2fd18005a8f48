// The flow-level rules: Kestra's FlowValidator (@FlowValidation), run once the document parsed and its tasks,
// triggers, inputs and outputs were collected into the FlowModel. Each rule reports through
// Checker::flowViolation; Kestra joins them into one `Invalid Flow: …` in the order they run here.
//
// Kestra source: kestra-io/kestra core/src/main/java/io/kestra/core/validations/validator/FlowValidator.java,
// 0.21 at commit 58c1ca2d; the rules marked 1.x from newer 1.x sources (docs/kestra-flow-validation.md §3).
#include <algorithm>
#include <functional>
#include <set>

#include "FlowChecker.h"

namespace kcicd::flow::detail {

namespace {

// What several rules read, computed once.
struct FlowFacts {
  const FlowModel& model;
  std::vector<std::size_t> all;                        // Flow.allTasksWithChilds()
  std::vector<std::optional<std::string>> inputIds;    // `id` (or 0.x `name`) of each input
  std::vector<std::vector<std::string>> inputDepends;  // dependsOn.inputs of each input
};

FlowFacts collectFacts(const FlowModel& model) {
  FlowFacts facts{model, model.allTasksWithChilds(), {}, {}};
  for (const NodeRef& input : model.inputs) {
    NodeRef id = input.get("id");
    if (id.isNull()) id = input.get("name");
    facts.inputIds.push_back(id.isScalar() ? std::optional<std::string>(std::string(id.text())) : std::nullopt);
    std::vector<std::string> deps;
    NodeRef list = input.get("dependsOn").get("inputs");
    if (list.isSequence())
      for (std::size_t i = 0; i < list.size(); ++i) deps.push_back(scalarString(list.item(i)));
    facts.inputDepends.push_back(std::move(deps));
  }
  return facts;
}

std::vector<std::string> duplicates(const std::vector<std::optional<std::string>>& ids) {
  std::vector<std::string> values;
  for (const auto& id : ids) values.push_back(id ? *id : "null");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::find(out.begin(), out.end(), values[i]) != out.end()) continue;
    if (std::count(values.begin(), values.end(), values[i]) > 1) out.push_back(values[i]);
  }
  return out;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// `\{\{\s*inputs.<id>\s*\}\}` (regex: the `.` after inputs and the dots of the id match any character).
bool containsInputReference(std::string_view text, std::string_view id) {
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    std::size_t i = at + 2;
    while (i < text.size() && isSpace(text[i])) ++i;
    if (text.compare(i, 6, "inputs") != 0) continue;
    i += 6;
    if (i >= text.size() || text[i] == '\n') continue;
    ++i;
    bool ok = i + id.size() <= text.size();
    for (std::size_t k = 0; ok && k < id.size(); ++k)
      ok = id[k] == '.' ? text[i + k] != '\n' : text[i + k] == id[k];
    if (!ok) continue;
    i += id.size();
    while (i < text.size() && isSpace(text[i])) ++i;
    if (text.compare(i, 2, "}}") == 0) return true;
  }
  return false;
}

// `\{\{\s*outputs\.<id>\.[^}]+\s*\}\}`
bool containsOutputReference(std::string_view text, std::string_view id) {
  std::string needle = "outputs." + std::string(id) + ".";
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    std::size_t i = at + 2;
    while (i < text.size() && isSpace(text[i])) ++i;
    if (text.compare(i, needle.size(), needle) != 0) continue;
    i += needle.size();
    std::size_t close = text.find('}', i);
    if (close == std::string_view::npos || close == i) continue;
    if (close + 1 < text.size() && text[close + 1] == '}') return true;
  }
  return false;
}

using TextTest = std::function<bool(std::string_view)>;

bool anyScalar(const NodeRef& node, const TextTest& test) {
  if (!node) return false;
  if (node.isScalar()) return test(node.text());
  if (node.isSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      if (anyScalar(node.item(i), test)) return true;
  } else if (node.isMapping()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      if (anyScalar(node.key(i), test) || anyScalar(node.value(i), test)) return true;
  }
  return false;
}

bool isBaseTaskProperty(std::string_view name) {
  static const std::set<std::string_view> base = {"id", "type", "description", "retry", "timeout", "disabled",
                                                   "workerGroup", "logLevel", "allowFailure", "logToFile", "runIf",
                                                   "allowWarning", "version", "taskCache", "assets", "pluginDefaultsRef",
                                                   "when", "workerSelector", "policyRefs"};
  return base.count(name) > 0;
}

// A text of the task's own (declared) properties passes `test`; the properties every task has are not scanned.
bool ownFieldsMatch(const TaskNode& task, const TextTest& test) {
  if (!task.node.isMapping()) return false;
  for (std::size_t i = 0; i < task.node.size(); ++i) {
    NodeRef key = task.node.key(i);
    if (key.isScalar() && isBaseTaskProperty(key.text())) continue;
    if (anyScalar(task.node.value(i), test)) return true;
  }
  return false;
}

// The ids (not ForEachItem's synthetic steps) of the tasks that contain a dashed id with the dot notation.
std::vector<std::string> tasksReferencing(const FlowFacts& facts, const TextTest& test) {
  std::vector<std::string> offending;
  for (std::size_t t : facts.all) {
    const TaskNode& task = facts.model.tasks[t];
    if (!task.synthetic && ownFieldsMatch(task, test)) offending.push_back(task.id.value_or("null"));
  }
  return offending;
}

// --- the rules, in Kestra's order -------------------------------------------------------------------------

// 1.x FlowValidator.java: a flow id that would shadow an API route.
void reservedFlowId(Checker& c, const FlowFacts& facts) {
  static const std::vector<std::string> reserved = {"pause",   "resume", "force-run", "change-status", "kill",
                                                    "executions", "search", "source", "disable", "enable"};
  const auto& id = facts.model.id;
  if (id && std::find(reserved.begin(), reserved.end(), *id) != reserved.end())
    c.flowViolation("Flow id is a reserved keyword: " + *id + ". List of reserved keywords: " + joinList(reserved));
}

// FlowValidator.java: over every task, flowable children and ForEachItem's synthetic steps included.
void duplicateTaskIds(Checker& c, const FlowFacts& facts) {
  std::vector<std::optional<std::string>> taskIds;
  for (std::size_t t : facts.all) taskIds.push_back(facts.model.tasks[t].id);
  if (auto dups = duplicates(taskIds); !dups.empty())
    c.flowViolation("Duplicate task id with name [" + joinList(dups) + "]");
}

// FlowValidator.java.
void duplicateTriggerIds(Checker& c, const FlowFacts& facts) {
  if (auto dups = duplicates(facts.model.triggerIds); !dups.empty())
    c.flowViolation("Duplicate trigger id with name [" + joinList(dups) + "]");
}

// FlowValidator.java: a Subflow (or ForEachItem) that calls its own flow.
void recursiveCall(Checker& c, const FlowFacts& facts) {
  const FlowModel& m = facts.model;
  if (!m.id || !m.ns) return;
  for (std::size_t t : facts.all) {
    const TaskNode& task = m.tasks[t];
    if (task.executable && task.subflowId == *m.id && task.subflowNamespace == *m.ns)
      c.flowViolation("Recursive call to flow [" + *m.ns + "." + *m.id + "]");
  }
}

// FlowValidator.java.
void duplicateInputs(Checker& c, const FlowFacts& facts) {
  if (auto dups = duplicates(facts.inputIds); !dups.empty())
    c.flowViolation("Duplicate input with name [" + joinList(dups) + "]");
}

std::optional<std::size_t> inputIndex(const FlowFacts& facts, const std::string& id) {
  for (std::size_t i = 0; i < facts.inputIds.size(); ++i)
    if (facts.inputIds[i] && *facts.inputIds[i] == id) return i;
  return std::nullopt;
}

// CycleDependency.findCycle (core/src/main/java/io/kestra/core/utils/, used by FlowValidator.java): a path of
// dependsOn from input `start` back to itself, or empty.
std::vector<std::string> inputCycle(const FlowFacts& facts, std::size_t start) {
  const std::string& key = *facts.inputIds[start];
  std::vector<std::string> path{key};
  std::set<std::string> visiting{key};
  std::function<bool(std::size_t)> dfs = [&](std::size_t node) -> bool {
    for (const auto& dep : facts.inputDepends[node]) {
      if (dep == key) return true;
      auto next = inputIndex(facts, dep);
      if (!next || visiting.count(dep)) continue;
      visiting.insert(dep);
      path.push_back(dep);
      if (dfs(*next)) return true;
      path.pop_back();
    }
    return false;
  };
  return dfs(start) ? path : std::vector<std::string>{};
}

// FlowValidator.java: each input's dependsOn names existing inputs and does not loop back to it.
void inputDependencies(Checker& c, const FlowFacts& facts) {
  for (std::size_t i = 0; i < facts.inputIds.size(); ++i) {
    if (!facts.inputIds[i]) continue;
    const std::string& key = *facts.inputIds[i];
    for (const auto& dep : facts.inputDepends[i])
      if (!inputIndex(facts, dep))
        c.flowViolation("Input with id '" + key + "' depends on a non-existent input '" + dep + "'.");
    if (auto path = inputCycle(facts, i); !path.empty())
      c.flowViolation("Cycle dependency detected for input with id '" + key + "': [" + joinList(path) + "]");
  }
}

// FlowValidator.java.
void duplicateOutputs(Checker& c, const FlowFacts& facts) {
  if (auto dups = duplicates(facts.model.outputIds); !dups.empty())
    c.flowViolation("Duplicate output with name [" + joinList(dups) + "]");
}

// FlowValidator.java (flow labels; system.readOnly is allowed, docs/kestra-script-runtime.md §5).
void systemLabels(Checker& c, const FlowFacts& facts) {
  for (const auto& [key, value] : facts.model.labels)
    if (key.rfind("system.", 0) == 0 && key != "system.readOnly")
      c.flowViolation("System labels can only be set by Kestra itself, offending label: " + key + "=" + value);
}

// 1.x FlowValidator.java: an input id with a dash read as `inputs.key-name` in a task's own properties.
void dashedInputReferences(Checker& c, const FlowFacts& facts) {
  std::vector<std::string> dashed;
  for (const auto& id : facts.inputIds)
    if (id && id->find('-') != std::string::npos) dashed.push_back(*id);
  if (dashed.empty()) return;
  auto offending = tasksReferencing(facts, [&](std::string_view text) {
    auto referenced = [&](const std::string& id) { return containsInputReference(text, id); };
    return std::any_of(dashed.begin(), dashed.end(), referenced);
  });
  if (!offending.empty())
    c.flowViolation("Invalid input reference: use inputs[key-name] instead of inputs.key-name — keys with dashes "
                    "require bracket notation, offending tasks: [" + joinList(offending) + "]");
}

// 1.x FlowValidator.java: assets are an Enterprise Edition feature (top-level task lists only: Flow.allTasks()).
void enterpriseAssets(Checker& c, const FlowFacts& facts) {
  for (const auto& [section, roots] : facts.model.sections) {
    if (section == "listeners") continue;
    for (std::size_t t : roots) {
      const TaskNode& task = facts.model.tasks[t];
      if (task.node.isMapping() && !task.node.get("assets").isNull())
        c.flowViolation("Task '" + task.id.value_or("null") +
                        "' can't have any `assets` because assets are only available in Enterprise Edition.");
    }
  }
}

// 1.x FlowValidator.java: a task id with a dash read as `outputs.key-name.…` in a task or a flow output.
void dashedOutputReferences(Checker& c, const FlowFacts& facts) {
  const FlowModel& m = facts.model;
  std::vector<std::string> dashed;
  for (std::size_t t : facts.all)
    if (m.tasks[t].id && m.tasks[t].id->find('-') != std::string::npos && !m.tasks[t].synthetic)
      dashed.push_back(*m.tasks[t].id);
  if (dashed.empty()) return;
  TextTest test = [&](std::string_view text) {
    auto referenced = [&](const std::string& id) { return containsOutputReference(text, id); };
    return std::any_of(dashed.begin(), dashed.end(), referenced);
  };
  std::vector<std::string> offendingTasks = tasksReferencing(facts, test), offendingOutputs;
  for (std::size_t o = 0; o < m.outputs.size(); ++o)
    if (anyScalar(m.outputs[o], test)) offendingOutputs.push_back(m.outputIds[o].value_or("null"));
  if (!offendingTasks.empty())
    c.flowViolation("Invalid output reference: use outputs[key-name] instead of outputs.key-name — keys with dashes "
                    "require bracket notation, offending tasks: [" + joinList(offendingTasks) + "]");
  if (!offendingOutputs.empty())
    c.flowViolation("Invalid output reference: use outputs[key-name] instead of outputs.key-name — keys with dashes "
                    "require bracket notation, offending outputs: [" + joinList(offendingOutputs) + "]");
}

// 1.x FlowValidator.java: the preconditions of the flow's Flow triggers.
void duplicatePreconditions(Checker& c, const FlowFacts& facts) {
  const auto& ids = facts.model.preconditionIds;
  if (auto dups = duplicates(std::vector<std::optional<std::string>>(ids.begin(), ids.end())); !dups.empty())
    c.flowViolation("Duplicate preconditions with id [" + joinList(dups) + "]");
}

}  // namespace

void checkFlowRules(Checker& c) {
  FlowFacts facts = collectFacts(c.model());
  if (c.v1()) reservedFlowId(c, facts);
  duplicateTaskIds(c, facts);
  duplicateTriggerIds(c, facts);
  recursiveCall(c, facts);
  duplicateInputs(c, facts);
  inputDependencies(c, facts);
  duplicateOutputs(c, facts);
  systemLabels(c, facts);
  if (!c.v1()) return;
  dashedInputReferences(c, facts);
  enterpriseAssets(c, facts);
  dashedOutputReferences(c, facts);
  duplicatePreconditions(c, facts);
}

}  // namespace kcicd::flow::detail
