#include "FlowValidator.h"

#include <algorithm>

#include "FlowChecker.h"
#include "Patterns.h"
#include "PluginCatalog.h"
#include "YamlJson.h"

namespace kcicd::flow {

using detail::Checker;
using detail::Where;

// --- reports ---------------------------------------------------------------------------------------------

std::string DocumentReport::identity() const {
  if (hasNamespace && hasId) return ns + "." + id;
  if (hasId) return id;
  return file;
}

bool FileReport::valid() const {
  for (const auto& d : documents)
    if (!d.valid()) return false;
  return true;
}

namespace detail {

// --- paths ---------------------------------------------------------------------------------------------

Where Where::field(std::string_view property) const {
  Where w;
  w.path = path.empty() ? std::string(property) : path + "." + std::string(property);
  w.pointer = pointer + "/" + jsonPointerToken(property);
  w.dep = dep.empty() ? std::string(property) : dep + "." + std::string(property);
  w.name = std::string(property);
  w.traversed = traversed;
  w.element = false;
  return w;
}

Where Where::index(std::size_t i) const {
  Where w;
  std::string suffix = "[" + std::to_string(i) + "]";
  w.path = path + suffix;
  w.pointer = pointer + "/" + std::to_string(i);
  w.dep = name + suffix;  // deprecationTraversal restarts the prefix at the list's field name
  w.name = name;
  w.traversed = traversed;
  w.element = true;
  return w;
}

Where Where::key(std::string_view mapKey) const {
  Where w;
  w.path = path + "[" + std::string(mapKey) + "]";
  w.pointer = pointer + "/" + jsonPointerToken(mapKey);
  w.dep = dep + "[" + std::string(mapKey) + "]";
  w.name = name;
  w.traversed = false;  // maps are not traversed
  w.element = false;
  return w;
}

Where Where::single() const {
  Where w = *this;
  if (!element) w.traversed = false;
  return w;
}

// --- helpers -------------------------------------------------------------------------------------------

std::string scalarString(const NodeRef& node) {
  if (!node || node.isNull()) return "";
  if (node.isScalar()) return std::string(node.text());
  return "";
}

std::optional<std::string> textValue(const NodeRef& node) {
  if (!node || !node.isScalar()) return std::nullopt;
  ScalarType t = resolveScalar(node);
  if (t != ScalarType::String) return std::nullopt;
  return std::string(node.text());
}

std::string joinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string jacksonClassName(const std::string& javaClass) {
  // io.kestra.plugin.core.flow.Dag.DagTask → io.kestra.plugin.core.flow.Dag$DagTask
  std::string out = javaClass;
  std::size_t generic = out.find('<');
  std::string tail;
  if (generic != std::string::npos) {
    tail = out.substr(generic);
    out = out.substr(0, generic);
  }
  std::size_t prev = std::string::npos;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '.') continue;
    if (prev != std::string::npos && std::isupper(static_cast<unsigned char>(out[prev + 1])) && i + 1 < out.size() &&
        std::isupper(static_cast<unsigned char>(out[i + 1])))
      out[i] = '$';
    prev = i;
  }
  return out + tail;
}

std::string replaceIndexed(const std::string& path, std::string_view collection, const std::string& id) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t at = path.find(collection, i);
    if (at == std::string::npos) break;
    std::size_t open = at + collection.size();
    std::size_t k = open;
    if (k < path.size() && path[k] == '[') {
      ++k;
      std::size_t digits = k;
      while (k < path.size() && std::isdigit(static_cast<unsigned char>(path[k]))) ++k;
      if (k > digits && k < path.size() && path[k] == ']') {
        out += path.substr(i, at - i) + id;
        i = k + 1;
        continue;
      }
    }
    out += path.substr(i, open - i);
    i = open;
  }
  out += path.substr(i);
  return out;
}

// --- findings ------------------------------------------------------------------------------------------

Checker::Checker(const PluginCatalog& catalog, KestraVersion version, const YamlDocument& doc, DocumentReport& report,
                 DiagnosticCap& cap)
    : catalog_(catalog), version_(version), doc_(doc), report_(report), cap_(cap) {
  for (const char* section : {"tasks", "errors", "finally", "afterExecution", "listeners"}) model_.sections.push_back({section, {}});
}

void Checker::parseError(const Where& where, const NodeRef& at, std::string message, std::string hint) {
  sawParseError_ = true;
  if (!cap_.take()) return void(++omittedErrors_);
  parseErrors_.push_back(
      Diagnostic{std::move(message), where.path, where.pointer, at ? at.position() : Position{}, true, std::move(hint)});
}

void Checker::yamlError(Position at, std::string pointer, std::string message) {
  sawParseError_ = true;
  if (!cap_.take()) return void(++omittedErrors_);
  if (v1() && message.rfind("YAML ", 0) != 0) message = "YAML parsing error: " + message;
  parseErrors_.push_back(Diagnostic{std::move(message), "yaml", std::move(pointer), at, true});
}

void Checker::omittedYamlErrors(std::size_t count) {
  if (count == 0) return;
  sawParseError_ = true;
  omittedErrors_ += count;
}

void Checker::violation(const Where& where, const NodeRef& at, std::string message, const Owner& owner) {
  if (!cap_.take()) return void(++omittedViolations_);
  std::string path = where.path;
  if (owner.leaf == Leaf::Task && owner.id) path = replaceIndexed(path, "tasks", *owner.id);
  if (owner.leaf == Leaf::Input && owner.id) path = replaceIndexed(path, "inputs", *owner.id);
  violations_.push_back(Diagnostic{std::move(message), std::move(path), where.pointer, at ? at.position() : Position{}});
}

void Checker::flowViolation(std::string message) {
  if (!cap_.take()) return void(++omittedViolations_);
  flowViolations_.push_back(std::move(message));
}

void Checker::deprecated(const Where& where, const NodeRef& at) {
  if (!where.traversed) return;
  if (!cap_.take()) return void(++omittedWarnings_);
  deprecations_.push_back(Diagnostic{where.dep + " is deprecated", where.dep, where.pointer, at ? at.position() : Position{}});
}

void Checker::warning(std::string message, const NodeRef& at, const std::string& pointer) {
  if (!cap_.take()) return void(++omittedWarnings_);
  warnings_.push_back(Diagnostic{std::move(message), "", pointer, at ? at.position() : Position{}});
}

void Checker::unchecked(const std::string& type) { unchecked_.push_back(type); }

std::string constraintsText(const std::vector<Diagnostic>& errors, KestraVersion version) {
  std::string out;
  for (const auto& e : errors) {
    if (!e.parse) {
      out += e.path + ": " + e.message + "\n";
    } else if (e.path == "yaml") {
      out += (version >= KestraVersion::V1_3 ? "Illegal flow source: " : "Illegal flow yaml: ") + e.message + "\n";
    } else {
      out += e.message + "\n";
    }
  }
  return out;
}

void Checker::finish() {
  // One diagnostic stands for the findings past the cap, where they would have been; it keeps the document
  // invalid when every error of it was past the cap.
  auto omitted = [&](std::vector<Diagnostic>& into, std::size_t count, const char* what) {
    if (count > 0) into.push_back(Diagnostic{omittedText(count, cap_.limit(), what), "", "", Position{}});
  };
  if (sawParseError_) {
    report_.errors = std::move(parseErrors_);
    omitted(report_.errors, omittedErrors_, "errors");
  } else {
    report_.errors = std::move(violations_);
    if (!flowViolations_.empty())
      report_.errors.push_back(Diagnostic{"Invalid Flow: " + joinList(flowViolations_), "", "", doc_.root().position()});
    for (auto& d : deprecations_) report_.warnings.push_back(std::move(d));
    for (auto& w : warnings_) report_.warnings.push_back(std::move(w));
    relocations(doc_.root());
    omitted(report_.errors, omittedViolations_, "errors");
    omitted(report_.warnings, omittedWarnings_, "warnings");
    omitted(report_.infos, omittedInfos_, "notices");
  }
  std::sort(unchecked_.begin(), unchecked_.end());
  unchecked_.erase(std::unique(unchecked_.begin(), unchecked_.end()), unchecked_.end());
  report_.uncheckedTypes = std::move(unchecked_);
  report_.constraints = constraintsText(report_.errors, version_);
}

// FlowService.relocations: any string value of any map (lists of maps included) that is a plugin alias.
void Checker::relocations(const NodeRef& node) {
  if (!node.isMapping()) return;
  for (std::size_t i = 0; i < node.size(); ++i) {
    NodeRef value = node.value(i);
    if (auto text = textValue(value)) {
      if (const std::string* target = catalog_.aliasTarget(*text, version_)) {
        if (!cap_.take()) {
          ++omittedInfos_;
          continue;
        }
        report_.infos.push_back(Diagnostic{*text + " is replaced by " + *target, "", "", value.position()});
      }
    } else if (value.isMapping()) {
      relocations(value);
    } else if (value.isSequence()) {
      for (std::size_t k = 0; k < value.size(); ++k)
        if (value.item(k).isMapping()) relocations(value.item(k));
    }
  }
}

// --- the flow --------------------------------------------------------------------------------------------

namespace {

const std::vector<std::string_view>& flowProperties(KestraVersion version) {
  // 2.0: the 2.0.0-SNAPSHOT API Flow/AbstractFlow (kestra-io/client-sdk; docs/kestra-flow-validation.md §2) and
  // client-sdk FlowWithSource: no pluginDefaults, no workerGroup; adds draft, workerSelector, policyRefs, quotas.
  static const std::vector<std::string_view> v20 = {
      "id", "namespace", "revision", "description", "inputs", "outputs", "disabled", "draft", "labels", "variables",
      "workerSelector", "deleted", "finally", "tasks", "errors", "afterExecution", "triggers", "policyRefs",
      "concurrency", "retry", "sla", "checks", "quotas", "tenantId"};
  // 1.3.0 API Flow properties (+ the hidden tenantId); 0.21 Flow/AbstractFlow.
  static const std::vector<std::string_view> v13 = {
      "id", "namespace", "revision", "description", "inputs", "disabled", "labels", "workerGroup", "deleted",
      "finally", "variables", "tasks", "errors", "afterExecution", "triggers", "pluginDefaults", "concurrency",
      "outputs", "retry", "sla", "checks", "tenantId"};
  static const std::vector<std::string_view> v021 = {
      "id", "namespace", "revision", "description", "inputs", "disabled", "deleted", "tenantId", "labels",
      "variables", "tasks", "errors", "finally", "listeners", "triggers", "pluginDefaults", "taskDefaults",
      "concurrency", "outputs", "retry", "sla"};
  if (version >= KestraVersion::V2_0) return v20;
  return version == KestraVersion::V1_3 ? v13 : v021;
}

ValueSpec stringSpec() {
  ValueSpec s;
  s.type = ValueType::String;
  s.javaType = "java.lang.String";
  return s;
}

// 2.0 flow keys (2.0.0-SNAPSHOT API: WorkerSelector, Quota; policyRefs is a list of policy ids, EE).
const ValueSpec& flowV2Spec(std::string_view name) {
  static const ValueSpec workerSelector = [] {
    ValueSpec s;
    s.type = ValueType::Object;
    s.ref = "io.kestra.core.models.flows.WorkerSelector";
    s.javaType = s.ref;
    return s;
  }();
  static const ValueSpec policyRefs = [] {
    ValueSpec s;
    s.type = ValueType::Array;
    s.javaType = "java.util.List<java.lang.String>";
    s.items = std::make_shared<const ValueSpec>(stringSpec());
    return s;
  }();
  static const ValueSpec quotas = [] {
    auto quota = std::make_shared<ObjectSpec>();
    quota->javaClass = "io.kestra.core.models.flows.Quota";
    ValueSpec duration;
    duration.type = ValueType::Duration;
    duration.required = true;
    ValueSpec limit;
    limit.type = ValueType::Integer;
    limit.required = true;
    limit.min = 1;
    ValueSpec behavior;
    behavior.type = ValueType::Enum;
    behavior.required = true;
    behavior.enumValues = {"FAIL", "CANCEL"};
    behavior.javaType = "io.kestra.core.models.flows.Quota.Behavior";
    quota->properties = {{"duration", duration}, {"limit", limit}, {"behavior", behavior}};
    ValueSpec item;
    item.type = ValueType::Object;
    item.inlineObject = quota;
    ValueSpec s;
    s.type = ValueType::Array;
    s.javaType = "java.util.List<io.kestra.core.models.flows.Quota>";
    s.items = std::make_shared<const ValueSpec>(item);
    return s;
  }();
  if (name == "workerSelector") return workerSelector;
  return name == "policyRefs" ? policyRefs : quotas;
}

}  // namespace

void Checker::checkFlow() {
  NodeRef root = doc_.root();
  if (root.isSequence()) {
    yamlError(root.position(), "",
              "Cannot deserialize value of type `io.kestra.core.models.flows.Flow` from Array value (token "
              "`JsonToken.START_ARRAY`): a flow must be a YAML mapping (id, namespace, tasks…), not a list");
    return;
  }
  if (root.isScalar()) {
    yamlError(root.position(), "",
              "Cannot deserialize value of type `io.kestra.core.models.flows.Flow` from String value: a flow must be a "
              "YAML mapping (id, namespace, tasks…), not a scalar");
    return;
  }
  if (!root.isMapping()) {
    yamlError(root.position(), "", "the document is empty: there is no flow to validate");
    return;
  }
  checkTopLevel(root);
  if (!parsed()) return;
  checkFlowRules(*this);
  if (v2()) {
    missingTriggerInputs();
    removedPebble(root, Where{});
  }
  // FlowService.warnings (1.x): Flow triggers with neither conditions nor preconditions. 2.0 replaced both by
  // dependsOn/when and its warning text is not known: none in 2.0 rather than a guess.
  for (const auto& [id, node] : model_.flowTriggers) {
    if (v2()) break;
    NodeRef conditions = node.get("conditions");
    bool hasConditions = conditions.isSequence() && conditions.size() > 0;
    if (!hasConditions && node.get("preconditions").isNull()) {
      warning("This flow will be triggered for EVERY execution of EVERY flow on your instance. We recommend adding the "
              "preconditions property to the Flow trigger '" + id.value_or("null") + "'.",
              node);
    }
  }
  if (v1()) runnableWarnings();
}

void Checker::checkTopLevel(const NodeRef& root) {
  const auto& known = flowProperties(version_);
  // pluginDefaults first: a property they provide is not missing.
  for (const char* name : {"pluginDefaults", "taskDefaults"}) {
    if (v2()) break;  // refused as unknown keys in 2.0
    NodeRef defaults = root.get(name);
    if (defaults.isSequence())
      for (std::size_t i = 0; i < defaults.size(); ++i) pluginDefaultNodes_.push_back(defaults.item(i));
  }
  Where flow;
  bool hasId = false, hasNamespace = false, hasTasks = false;
  for (std::size_t i = 0; i < root.size(); ++i) {
    NodeRef key = root.key(i);
    NodeRef value = root.value(i);
    if (!key.isScalar()) continue;  // reported by the loader
    std::string_view name = key.text();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      unknownProperty(key, flow, "io.kestra.core.models.flows.Flow", known);
      continue;
    }
    checkFlowProperty(name, key, value, flow.field(name));
    if (name == "id") hasId = !value.isNull();
    if (name == "namespace") hasNamespace = !value.isNull();
    if (name == "tasks") hasTasks = !value.isNull();
  }
  // AbstractFlow.java / Flow.java: id @NotNull @NotBlank, namespace @NotNull, tasks @NotEmpty.
  if (!hasId) {
    violation(flow.field("id"), root, "must not be null");
    violation(flow.field("id"), root, "must not be blank");
  }
  if (!hasNamespace) violation(flow.field("namespace"), root, "must not be null");
  if (!hasTasks) violation(flow.field("tasks"), root, "must not be empty");
}

// One known top-level key of the flow.
void Checker::checkFlowProperty(std::string_view name, const NodeRef& key, const NodeRef& value, const Where& w) {
  ValueMode mode;
  if (name == "id" || name == "namespace" || name == "description" || name == "tenantId") {
    checkFlowText(name, value, w);
  } else if (name == "revision") {
    ValueSpec s;
    s.type = ValueType::Integer;
    s.javaType = "java.lang.Integer";
    s.min = 1;
    checkValue(value, s, w, mode);
  } else if (name == "disabled" || name == "deleted" || name == "draft") {
    ValueSpec s;
    s.type = ValueType::Boolean;
    s.javaType = "boolean";
    checkValue(value, s, w, mode);
  } else if (name == "labels") {
    checkLabels(value, w, true, mode);
  } else if (name == "variables") {
    if (!value.isNull() && !value.isMapping())
      parseError(w, value, mismatch("java.util.Map<java.lang.String, java.lang.Object>", value));
  } else if (name == "inputs") {
    checkInputs(value, w);
  } else if (name == "outputs") {
    checkOutputs(value, w);
  } else if (name == "tasks" || name == "errors" || name == "finally" || name == "afterExecution") {
    checkFlowSection(name, value, w);
  } else if (name == "listeners") {
    if (!value.isNull()) deprecated(w, key);
    checkListeners(value, w);
  } else if (name == "triggers") {
    checkTriggers(value, w);
  } else if (name == "pluginDefaults" || name == "taskDefaults") {
    if (name == "taskDefaults" && !value.isNull()) deprecated(w, key);
    checkPluginDefaults(value, w);
  } else if (name == "concurrency") {
    checkConcurrency(value, w);
  } else if (name == "retry") {
    if (!value.isNull())
      if (const ObjectSpec* retry = catalog_.definition("io.kestra.core.models.tasks.retrys.AbstractRetry"))
        checkPolymorphic(value, *retry, w.single(), mode);
  } else if (name == "sla") {
    checkSla(value, w);
  } else if (name == "checks") {
    checkChecks(value, w);
  } else if (name == "workerGroup") {
    checkWorkerGroup(value, w);
  } else if (name == "workerSelector" || name == "policyRefs" || name == "quotas") {
    checkValue(value, flowV2Spec(name), w, mode);
  }
}

// id, namespace, description, tenantId (AbstractFlow.java: the patterns and sizes of Patterns.h).
void Checker::checkFlowText(std::string_view name, const NodeRef& value, const Where& w) {
  ValueSpec s = stringSpec();
  if (name == "id") {
    s.notBlank = true;
    s.pattern = patterns::kFlowId;
    s.sizeMin = 1;
    s.sizeMax = 100;
  } else if (name == "namespace") {
    s.pattern = patterns::kNamespace;
    s.sizeMin = 1;
    s.sizeMax = 150;
  } else if (name == "tenantId") {
    s.pattern = patterns::kTenantId;
  }
  checkValue(value, s, w, ValueMode{});
  if (value.isNull() || !value.isScalar()) return;
  if (name == "id") {
    model_.id = std::string(value.text());
    report_.id = *model_.id;
    report_.hasId = true;
  } else if (name == "namespace") {
    model_.ns = std::string(value.text());
    report_.ns = *model_.ns;
    report_.hasNamespace = true;
  }
}

// tasks, errors, finally, afterExecution: their roots start the FlowModel's sections.
void Checker::checkFlowSection(std::string_view name, const NodeRef& value, const Where& w) {
  ValueSpec s;
  s.type = ValueType::Tasks;
  s.notEmpty = name == "tasks";
  std::vector<std::size_t> collected;
  checkTaskList(value, w, collected, ValueMode{}, &s);
  for (auto& [section, roots] : model_.sections)
    if (section == name) roots = collected;
}

// FlowService.warnings (1.x): runnable-only properties on tasks that are not runnable.
void Checker::runnableWarnings() {
  for (std::size_t t : model_.allTasksWithChilds()) {
    const TaskNode& task = model_.tasks[t];
    if (task.synthetic || !task.type || task.type->runnable() || !task.node.isMapping()) continue;
    std::string id = task.id.value_or("null");
    bool pause = task.type->name == "io.kestra.plugin.core.flow.Pause";
    for (const char* property : {"timeout", "taskCache", "workerGroup"}) {
      NodeRef value = task.node.get(property);
      if (value.isNull() || (pause && std::string_view(property) == "timeout")) continue;
      warning("The task '" + id + "' cannot use the '" + property + "' property as it's only relevant for runnable tasks.",
              value, task.where.pointer + "/" + property);
    }
  }
}

}  // namespace detail

// --- FlowValidator -----------------------------------------------------------------------------------------

FlowValidator::FlowValidator(ValidatorOptions options, const PluginCatalog* catalog)
    : options_(std::move(options)),
      catalog_(catalog),
      budget_(std::make_shared<YamlBudget>(options_.maxRunNodes, options_.maxRunBytes)) {}

const PluginCatalog& FlowValidator::catalog() const { return catalog_ ? *catalog_ : PluginCatalog::core(); }

YamlOptions FlowValidator::yamlOptions() const {
  YamlOptions yaml;
  yaml.limits = options_.limits;
  yaml.limits.maxIssues = options_.maxDiagnostics;
  yaml.mergeKeys = options_.version >= KestraVersion::V1_3;
  yaml.budget = budget_.get();
  return yaml;
}

FileReport FlowValidator::validate(std::string source, const std::string& file) const {
  return validateLoaded(loadYaml(std::move(source), yamlOptions()), file);
}

FileReport FlowValidator::validateFile(const std::filesystem::path& path, const std::string& displayName) const {
  return validateLoaded(loadYamlFile(path, yamlOptions()), displayName);
}

FileReport FlowValidator::validateLoaded(YamlFile&& yaml, const std::string& file) const {
  FileReport out;
  out.file = file;
  std::size_t total = yaml.documents.size() + (yaml.fatal ? 1 : 0);
  DiagnosticCap cap(options_.maxDiagnostics);
  const PluginCatalog& cat = catalog();
  for (std::size_t d = 0; d < yaml.documents.size(); ++d) {
    const YamlDocument& doc = yaml.documents[d];
    DocumentReport report;
    report.file = file;
    report.index = d;
    report.documents = total;
    report.position = doc.position(doc.startOffset());
    Checker checker(cat, options_.version, doc, report, cap);
    for (const auto& issue : yaml.documentIssues[d])
      checker.yamlError(issue.hasOffset ? yaml.position(issue.offset) : Position{}, issue.pointer, issue.message);
    checker.omittedYamlErrors(yaml.omittedIssues[d]);
    checker.checkFlow();
    if (checker.parsed() && options_.externalCheck) {
      std::vector<ExternalViolation> found = options_.externalCheck(toJson(doc.root()));
      for (const auto& v : found) {
        NodeRef at = findByPointer(doc.root(), v.pointer);
        Where where;
        where.path = pointerToPath(v.pointer);
        where.pointer = v.pointer;
        checker.violation(where, at, v.message);
      }
    }
    checker.finish();
    out.documents.push_back(std::move(report));
  }
  if (yaml.fatal) {
    DocumentReport report;
    report.file = file;
    report.index = yaml.documents.size();
    report.documents = total;
    const YamlIssue& issue = *yaml.fatal;
    Position at = issue.hasOffset ? yaml.position(issue.offset) : Position{};
    report.position = yaml.documents.empty() ? Position{1, 1} : at;
    std::string message = issue.message;
    if (options_.version >= KestraVersion::V1_3 && message.rfind("YAML ", 0) != 0 &&
        issue.kind == YamlIssueKind::Syntax)
      message = "YAML parsing error: " + message;
    report.errors.push_back(Diagnostic{message, "yaml", issue.pointer, at, true});
    report.constraints = detail::constraintsText(report.errors, options_.version);
    out.documents.push_back(std::move(report));
  }
  return out;
}

}  // namespace kcicd::flow
