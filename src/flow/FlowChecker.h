#pragma once
// Internal to src/flow: the state of validating one document, shared by FlowValidator.cpp (the flow's keys),
// TaskValidator.cpp (tasks, triggers, conditions), InputValidator.cpp (inputs, outputs, labels, the other
// flow properties) and PropertyChecker.cpp (values checked against catalog descriptors). Kestra's rules are
// functions outside it: FlowRules.cpp (flow level), TaskRules.cpp (per type), InputValidator.cpp (per input type).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "DiagnosticCap.h"
#include "KestraVersion.h"
#include "PluginCatalog.h"
#include "ValidationReport.h"
#include "YamlJson.h"
#include "YamlTree.h"

namespace kcicd::flow::detail {

// Where a node sits, in the three notations Kestra and we use.
struct Where {
  std::string path;     // Micronaut property path with indices: "tasks[0].tasks[1].message"
  std::string pointer;  // RFC 6901: "/tasks/0/tasks/1/message"
  std::string dep;      // FlowService.deprecationTraversal prefix: restarts at list fields ("tasks[1].message")
  std::string name;     // last property name ("message"), for list prefixes and Jackson's "POJO property"
  bool traversed = true;  // reached by deprecationTraversal (it only descends into lists)
  bool element = false;   // a list element

  Where field(std::string_view property) const;
  Where index(std::size_t i) const;
  Where key(std::string_view mapKey) const;  // a map value: cases[A]
  Where single() const;                      // an object held by a non-list property: not traversed
};

// The bean that owns a violated property: Kestra replaces `tasks[N]` (`inputs[N]`) in the path by the id of
// the task (input) when the violation's leaf bean is a task (input).
enum class Leaf { Other, Task, Input };

struct Owner {
  Leaf leaf = Leaf::Other;
  std::optional<std::string> id;
};

// How strictly a value is checked.
struct ValueMode {
  bool lenient = false;  // 1.x plugin property of a 0.21 type: may have become Property<T>, accept any shape
  bool bean = true;      // bean-validated (false inside Switch `cases`, which Kestra does not @Valid)
  Owner owner;
};

// One task of Flow.allTasksWithChilds(), with its children grouped by property.
struct TaskNode {
  NodeRef node;
  Where where;
  std::optional<std::string> id;
  std::string typeName;          // as written
  const PluginType* type = nullptr;
  bool synthetic = false;        // ForEachItem's _split/_items/_merge
  bool executable = false;       // Subflow, ForEachItem _items
  std::string subflowNamespace, subflowId;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> children;  // property → task indices
};

// What the checks collect for the flow-level rules (FlowRules.cpp): the flow's tasks as Kestra's
// Flow.allTasksWithChilds() sees them, and the ids of its triggers, inputs, outputs and labels. The Checker fills
// it while it walks the document; the rules only read it.
struct FlowModel {
  std::vector<TaskNode> tasks;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> sections;  // tasks, errors… → root task indices
  std::vector<std::optional<std::string>> triggerIds;
  std::vector<std::pair<std::optional<std::string>, NodeRef>> flowTriggers;  // Flow triggers (id, node)
  std::vector<std::string> preconditionIds;
  std::vector<NodeRef> inputs;
  std::vector<std::optional<std::string>> outputIds;
  std::vector<NodeRef> outputs;
  std::vector<std::pair<std::string, std::string>> labels;  // key, value text
  std::optional<std::string> id, ns;

  // Flow.allTasksWithChilds(): every task, depth first, children in Kestra's order per flowable type.
  std::vector<std::size_t> allTasksWithChilds() const;

 private:
  void flatten(std::size_t task, std::vector<std::size_t>& out) const;
};

class Checker {
 public:
  // `cap` is shared by the documents of one file: findings past it are counted, not kept.
  Checker(const PluginCatalog& catalog, KestraVersion version, const YamlDocument& doc, DocumentReport& report,
          DiagnosticCap& cap);

  void checkFlow();
  // True when nothing failed to parse (the model can be bean-validated).
  bool parsed() const { return !sawParseError_; }
  // Moves the findings into the report.
  void finish();

  // --- findings --------------------------------------------------------------------------------------
  // `hint` is ours (a migration step), kept apart from Kestra's text.
  void parseError(const Where& where, const NodeRef& at, std::string message, std::string hint = {});
  // Kestra's parse-phase path for non-Jackson-pointer errors (YAML problems): "yaml".
  void yamlError(Position at, std::string pointer, std::string message);
  // YAML problems the loader counted but did not keep (past the file's cap).
  void omittedYamlErrors(std::size_t count);
  void violation(const Where& where, const NodeRef& at, std::string message, const Owner& owner = {});
  void flowViolation(std::string message);
  void deprecated(const Where& where, const NodeRef& at);
  void warning(std::string message, const NodeRef& at, const std::string& pointer = {});
  void unchecked(const std::string& type);

  // --- flow parts (InputValidator.cpp) ----------------------------------------------------------------
  void checkInputs(const NodeRef& list, const Where& where);
  void checkOutputs(const NodeRef& list, const Where& where);
  void checkLabels(const NodeRef& labels, const Where& where, bool flowLabels, const ValueMode& mode);
  void checkConcurrency(const NodeRef& node, const Where& where);
  void checkSla(const NodeRef& list, const Where& where);
  void checkPluginDefaults(const NodeRef& list, const Where& where);
  void checkChecks(const NodeRef& list, const Where& where);
  void checkListeners(const NodeRef& list, const Where& where);
  void checkWorkerGroup(const NodeRef& node, const Where& where);
  // The catalog definition of an input type id in this version; `known` false when the id does not exist here
  // (null with `known` true: a type whose properties the catalog lacks, FORM…).
  const ObjectSpec* inputSubtype(const std::string& type, bool& known) const;
  void invalidInputType(const Where& where, const NodeRef& at, const std::string& type, const std::string& property);

  // --- tasks (TaskValidator.cpp) -----------------------------------------------------------------------
  // A list of tasks; new TaskNodes go to `into`.
  void checkTaskList(const NodeRef& list, const Where& where, std::vector<std::size_t>& into, const ValueMode& mode,
                     const ValueSpec* spec = nullptr);
  std::optional<std::size_t> checkTask(const NodeRef& node, const Where& where, const ValueMode& mode);
  void checkTriggers(const NodeRef& list, const Where& where);
  // A condition, task runner or other plugin object.
  void checkPlugin(const NodeRef& node, const Where& where, PluginKind kind, const ValueMode& mode,
                   const std::string& mustImplement = {});

  // --- values (PropertyChecker.cpp) --------------------------------------------------------------------
  void checkValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode);
  // A mapping against an object spec (a definition or a plugin type): unknown properties, values, required.
  void checkObject(const NodeRef& node, const ObjectSpec& object, const Where& where, const ValueMode& mode,
                   const PluginType* plugin = nullptr, bool allowUnknown = false);
  // Resolves a polymorphic definition (discriminator) and checks the node against the subtype.
  void checkPolymorphic(const NodeRef& node, const ObjectSpec& base, const Where& where, const ValueMode& mode);
  void checkRequired(const NodeRef& node, const ObjectSpec& object, const Where& where, const ValueMode& mode,
                     const PluginType* plugin = nullptr);
  void unknownProperty(const NodeRef& key, const Where& owner, const std::string& javaClass,
                       const std::vector<std::string_view>& known);

  // --- Kestra 2.0 (KestraV2Rules.cpp) ------------------------------------------------------------------
  // A type 2.0 removed (ForEach…) or a pre-2.0 alias: reports Kestra's unknown-type error with our hint.
  bool refusedType(const Where& where, const NodeRef& typeNode, const std::string& type);
  // 2.0 AbstractTrigger's catch-all for a property the trigger does not declare.
  // `known`: the trigger's properties, for a did-you-mean when no removal hint applies.
  void unknownTriggerProperty(const NodeRef& trigger, std::size_t keyIndex, const Where& where, const std::string& type,
                              const std::vector<std::string_view>& known = {});
  static std::string didYouMean(const std::string& name, const std::vector<std::string_view>& known);
  // Keys 2.0 removed from every task / trigger, on a plugin outside the catalog (its other keys are unchecked).
  void removedBaseKeys(const NodeRef& node, const Where& where, PluginKind kind, const std::string& type);
  // Schedule/Webhook triggers must give every required input without defaults (2.0 FlowValidator).
  void missingTriggerInputs();
  // Warns on Pebble 2.0 removed, anywhere under `node`: json() / | json, read()/fileURI() with version=.
  void removedPebble(const NodeRef& node, const Where& where);
  // Exit `state: CANCELED` (2.0 kept only CANCELLED): a run-time failure, so a warning.
  void exitStateCanceled(const NodeRef& task, const Where& where);
  // Messages for a missing/null required property ("must not be null", "must not be empty"…).
  std::vector<std::string> missingMessages(const std::string& owner, const std::string& property, const ValueSpec& spec) const;
  void checkScalarConstraints(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode);
  // Jackson's "Cannot deserialize value of type `T` from X value …" for a shape mismatch.
  std::string mismatch(const std::string& javaType, const NodeRef& value) const;
  // That message as a parse error (1.x prefixes `YAML parsing error: `).
  void shapeError(const Where& where, const NodeRef& value, const std::string& javaType);
  // A value provided for this plugin type's property by the flow's pluginDefaults.
  bool providedByDefaults(const std::string& type, std::string_view property) const;

  const PluginCatalog& catalog() const { return catalog_; }
  KestraVersion version() const { return version_; }
  bool v1() const { return version_ >= KestraVersion::V1_3; }  // 1.3 and later
  bool v2() const { return version_ >= KestraVersion::V2_0; }
  const YamlDocument& doc() const { return doc_; }

  // What the walk collected, for the flow-level rules.
  const FlowModel& model() const { return model_; }

 private:
  // FlowValidator.cpp: the flow's own keys.
  void checkTopLevel(const NodeRef& root);
  void checkFlowProperty(std::string_view name, const NodeRef& key, const NodeRef& value, const Where& where);
  void checkFlowText(std::string_view name, const NodeRef& value, const Where& where);
  void checkFlowSection(std::string_view name, const NodeRef& value, const Where& where);
  void relocations(const NodeRef& node);
  void runnableWarnings();
  // InputValidator.cpp.
  void checkInput(const NodeRef& input, const Where& where);
  // TaskValidator.cpp: what the flow-level rules need of tasks and triggers.
  std::size_t addTask(TaskNode task);
  void addSubflowCalls(std::size_t index, const PluginType& type);
  void checkTrigger(const NodeRef& node, const Where& where);
  // PropertyChecker.cpp: one property, one value.
  void checkProperty(const NodeRef& node, std::size_t keyIndex, const PropertySpec& property, const ObjectSpec& object,
                     const Where& where, const ValueMode& mode, const PluginType* plugin);
  void checkScalarValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode);
  void checkObjectValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode);
  void valueMismatch(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode);
  void valueParseError(const NodeRef& value, const Where& where, const ValueMode& mode, std::string message,
                       std::string hint = {});

  const PluginCatalog& catalog_;
  KestraVersion version_;
  const YamlDocument& doc_;
  DocumentReport& report_;
  DiagnosticCap& cap_;
  FlowModel model_;
  std::vector<NodeRef> pluginDefaultNodes_;
  std::vector<std::size_t> collector_;  // the flowable task whose children are being checked
  bool sawParseError_ = false;
  std::size_t omittedErrors_ = 0;    // parse errors, or violations when nothing failed to parse
  std::size_t omittedViolations_ = 0;
  std::size_t omittedWarnings_ = 0;
  std::size_t omittedInfos_ = 0;
  std::vector<Diagnostic> parseErrors_;
  std::vector<Diagnostic> violations_;
  std::vector<std::string> flowViolations_;
  std::vector<Diagnostic> deprecations_;
  std::vector<Diagnostic> warnings_;
  std::vector<std::string> unchecked_;
};

// Our migration hint for a key Kestra 2.0 removed ("" when none): KestraV2Rules.cpp.
std::string removedKeyHint(std::string_view owner, std::string_view key);
// Kestra's `constraints` text for these errors.
std::string constraintsText(const std::vector<Diagnostic>& errors, KestraVersion version);
// Java's string form of a YAML scalar as a model String would hold it ("" for null).
std::string scalarString(const NodeRef& node);
// A scalar that Jackson reads as text (type ids): plain scalars that resolve to numbers/booleans are not.
std::optional<std::string> textValue(const NodeRef& node);
// Jackson's class name for a catalog class (nested classes with `$`).
std::string jacksonClassName(const std::string& javaClass);
// "a, b, c".
std::string joinList(const std::vector<std::string>& items);
// Kestra's FlowValidator: the flow-level rules over what the checker collected (FlowRules.cpp).
void checkFlowRules(Checker& checker);
// Replaces every `tasks[N]` (or `inputs[N]`) of a path by an id (Kestra's leaf-bean quirk).
std::string replaceIndexed(const std::string& path, std::string_view collection, const std::string& id);

}  // namespace kcicd::flow::detail
