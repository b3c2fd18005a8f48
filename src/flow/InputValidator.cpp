// Inputs, outputs, labels and the other flow-level properties (concurrency, SLA, pluginDefaults, checks,
// listeners, workerGroup), with their class-level validators.
#include <algorithm>
#include <unordered_map>

#include "FlowChecker.h"
#include "Patterns.h"
#include "TaskRules.h"
#include "YamlJson.h"

namespace kcicd::flow::detail {

namespace {

ValueSpec spec(ValueType type, const char* javaType = "", bool required = false) {
  ValueSpec s;
  s.type = type;
  s.javaType = javaType;
  s.required = required;
  return s;
}

ValueSpec enumSpec(const char* javaType, std::vector<std::string> values, bool required = false) {
  ValueSpec s = spec(ValueType::Enum, javaType, required);
  s.enumValues = std::move(values);
  return s;
}

// Input type ids whose availability changed after 0.21 (the others are the catalog's Input subtypes).
// 1.3.0 API `Type` adds BOOL (the same class as BOOLEAN); the 2.0.0-SNAPSHOT API `Type` drops BOOLEAN and ENUM
// and adds FORM (child inputs, S: newest Input.java) and REUSABLE_INPUTS (EE); migration-guide/v2.0.0
// migration tutorial: BOOLEAN → BOOL, ENUM → SELECT.
struct InputTypeRow {
  std::string_view id;
  KestraVersion since;
  std::optional<KestraVersion> removedIn;
  std::string_view definitionOf;  // the subtype whose properties it has; "" = not in the catalog (lenient)
  std::string_view hint;
};

const std::vector<InputTypeRow>& inputTypeRows() {
  static const std::vector<InputTypeRow> rows = {
      {"BOOL", KestraVersion::V1_3, std::nullopt, "BOOLEAN", ""},
      {"BOOLEAN", KestraVersion::V0_21, KestraVersion::V2_0, "BOOLEAN", "BOOLEAN was removed in Kestra 2.0: use BOOL"},
      {"ENUM", KestraVersion::V0_21, KestraVersion::V2_0, "ENUM", "ENUM was removed in Kestra 2.0: use SELECT (or MULTISELECT)"},
      {"FORM", KestraVersion::V2_0, std::nullopt, "", ""},
      {"REUSABLE_INPUTS", KestraVersion::V2_0, std::nullopt, "", ""},
  };
  return rows;
}

const InputTypeRow* inputTypeRow(std::string_view id) {
  for (const auto& row : inputTypeRows())
    if (row.id == id) return &row;
  return nullptr;
}

bool inputTypeAvailable(const InputTypeRow& row, KestraVersion v) {
  return v >= row.since && (!row.removedIn || v < *row.removedIn);
}

// Type, for output types.
std::vector<std::string> inputTypes(KestraVersion version) {
  std::vector<std::string> out;
  for (const char* id : {"STRING", "ENUM", "SELECT", "INT", "FLOAT", "BOOLEAN", "BOOL", "DATETIME", "DATE", "TIME",
                         "DURATION", "FILE", "JSON", "URI", "SECRET", "ARRAY", "MULTISELECT", "YAML", "EMAIL", "FORM",
                         "REUSABLE_INPUTS"}) {
    const InputTypeRow* row = inputTypeRow(id);
    if (!row || inputTypeAvailable(*row, version)) out.push_back(id);
  }
  return out;
}

const ObjectSpec& concurrencySpec() {
  static const ObjectSpec object = [] {
    ObjectSpec o;
    o.javaClass = "io.kestra.core.models.flows.Concurrency";
    o.properties.push_back({"limit", spec(ValueType::Integer, "java.lang.Integer", true)});
    o.properties.push_back({"behavior", enumSpec("io.kestra.core.models.flows.Concurrency.Behavior", {"QUEUE", "CANCEL", "FAIL"})});
    return o;
  }();
  return object;
}

const ObjectSpec& outputSpec(KestraVersion version) {
  auto make = [](KestraVersion version) {
    ObjectSpec o;
    o.javaClass = "io.kestra.core.models.flows.Output";
    ValueSpec id = spec(ValueType::String, "java.lang.String", true);
    id.notBlank = true;
    id.pattern = patterns::kInputId;
    o.properties.push_back({"id", id});
    o.properties.push_back({"description", spec(ValueType::String, "java.lang.String")});
    o.properties.push_back({"value", spec(ValueType::Any, "java.lang.Object", true)});
    o.properties.push_back({"type", enumSpec("io.kestra.core.models.flows.Type", inputTypes(version), true)});
    o.properties.push_back({"displayName", spec(ValueType::String, "java.lang.String")});
    ValueSpec required = spec(ValueType::Boolean, "java.lang.Boolean");
    required.since = KestraVersion::V1_3;
    o.properties.push_back({"required", required});
    return o;
  };
  static const ObjectSpec v13 = make(KestraVersion::V1_3), v20 = make(KestraVersion::V2_0);
  return version >= KestraVersion::V2_0 ? v20 : v13;
}

// 2.0 renamed `condition` to `when` and keeps `condition` as a deprecated alias (migration-guide/v2.0.0/
// checks-condition-renamed-when; 2.0.0-SNAPSHOT API Check): neither is required alone, checkChecks wants one.
const ObjectSpec& checkSpec(KestraVersion version) {
  auto make = [](KestraVersion version) {
    ObjectSpec o;
    o.javaClass = "io.kestra.core.models.flows.check.Check";
    bool v2 = version >= KestraVersion::V2_0;
    if (v2) o.properties.push_back({"when", spec(ValueType::String, "java.lang.String")});
    ValueSpec condition = spec(ValueType::String, "java.lang.String", !v2);
    condition.deprecated = v2;
    o.properties.push_back({"condition", condition});
    o.properties.push_back({"message", spec(ValueType::String, "java.lang.String", true)});
    o.properties.push_back({"style", enumSpec("io.kestra.core.models.flows.check.Check.Style", {"ERROR", "SUCCESS", "WARNING", "INFO"})});
    o.properties.push_back({"behavior", enumSpec("io.kestra.core.models.flows.check.Check.Behavior",
                                                 {"BLOCK_EXECUTION", "FAIL_EXECUTION", "CREATE_EXECUTION"})});
    return o;
  };
  static const ObjectSpec v13 = make(KestraVersion::V1_3), v20 = make(KestraVersion::V2_0);
  return version >= KestraVersion::V2_0 ? v20 : v13;
}

const ObjectSpec& slaSpec(std::string_view type) {
  auto make = [](const char* javaClass, bool maxDuration) {
    ObjectSpec o;
    o.javaClass = javaClass;
    ValueSpec id = spec(ValueType::String, "java.lang.String", true);
    id.notEmpty = true;
    o.properties.push_back({"id", id});
    o.properties.push_back({"type", enumSpec("io.kestra.core.models.flows.sla.SLA.SLAType", {"MAX_DURATION", "EXECUTION_ASSERTION"})});
    o.properties.push_back({"behavior", enumSpec("io.kestra.core.models.flows.sla.SLA.Behavior", {"FAIL", "CANCEL", "NONE"})});
    ValueSpec labels = spec(ValueType::Labels);
    o.properties.push_back({"labels", labels});
    if (maxDuration) {
      o.properties.push_back({"duration", spec(ValueType::Duration, "java.time.Duration", true)});
    } else {
      ValueSpec assertion = spec(ValueType::String, "java.lang.String", true);
      assertion.notEmpty = true;
      o.properties.push_back({"assert", assertion});
    }
    return o;
  };
  static const ObjectSpec maxDuration = make("io.kestra.core.models.flows.sla.types.MaxDurationSLA", true);
  static const ObjectSpec assertion = make("io.kestra.core.models.flows.sla.types.ExecutionAssertionSLA", false);
  return type == "MAX_DURATION" ? maxDuration : assertion;
}

const ObjectSpec& pluginDefaultSpec() {
  static const ObjectSpec object = [] {
    ObjectSpec o;
    o.javaClass = "io.kestra.core.models.flows.PluginDefault";
    o.properties.push_back({"type", spec(ValueType::String, "java.lang.String")});
    o.properties.push_back({"forced", spec(ValueType::Boolean, "boolean")});
    o.properties.push_back({"values", spec(ValueType::Object, "java.util.Map<java.lang.String, java.lang.Object>")});
    return o;
  }();
  return object;
}

const ObjectSpec& listenerSpec() {
  static const ObjectSpec object = [] {
    ObjectSpec o;
    o.javaClass = "io.kestra.core.models.listeners.Listener";
    o.properties.push_back({"description", spec(ValueType::String, "java.lang.String")});
    ValueSpec conditions = spec(ValueType::Array, "java.util.List<io.kestra.core.models.conditions.Condition>");
    conditions.items = std::make_shared<const ValueSpec>(spec(ValueType::Condition));
    o.properties.push_back({"conditions", conditions});
    ValueSpec tasks = spec(ValueType::Tasks, "java.util.List<io.kestra.core.models.tasks.Task>", true);
    tasks.notEmpty = true;
    o.properties.push_back({"tasks", tasks});
    return o;
  }();
  return object;
}

std::string javaValueString(const NodeRef& value) {
  if (!value || value.isNull()) return "null";
  if (value.isScalar()) return std::string(value.text());
  return toJson(value).dump();
}

// --- the class-level input validators --------------------------------------------------------------------
// kestra-io/kestra core/src/main/java/io/kestra/core/validations/validator/, 0.21 at 58c1ca2d unless marked 1.x.

// ArrayInputValidator.java; SECRET items: 1.x.
void arrayInput(Checker& c, const RuleSite& s) {
  auto itemType = textValue(s.node.get("itemType"));
  if (itemType && *itemType == "ARRAY") c.violation(s.where, s.node, "`itemType` cannot be `ARRAY`", s.owner);
  if (itemType && *itemType == "SECRET" && c.v1()) c.violation(s.where, s.node, "`itemType` cannot be `SECRET`", s.owner);
}

// FileInputValidator.java.
void fileInput(Checker& c, const RuleSite& s) {
  NodeRef defaults = s.node.get("defaults");
  if (!defaults.isNull()) c.violation(s.where, defaults, "no `defaults` can be set for inputs of type 'FILE'", s.owner);
}

// RegexValidator.java (STRING and SECRET `validator`).
void regexInput(Checker& c, const RuleSite& s) {
  NodeRef validator = s.node.get("validator");
  if (validator.isScalar() && !patterns::isJavaRegex(validator.text()))
    c.violation(s.where.field("validator"), validator, "invalid pattern [" + std::string(validator.text()) + "]",
                s.owner);
}

Rule inputRule(std::string_view type) {
  static const std::unordered_map<std::string_view, Rule> rules = {
      {"ARRAY", arrayInput}, {"FILE", fileInput}, {"STRING", regexInput}, {"SECRET", regexInput}};
  auto it = rules.find(type);
  return it == rules.end() ? nullptr : it->second;
}

// 1.x InputValidator.java, any input type: a default needs `required` and excludes `prefill`.
void inputDefaults(Checker& c, const RuleSite& s) {
  if (!c.v1() || s.node.get("defaults").isNull()) return;
  bool requiredFalse = false;
  bool isBool = parseBoolean(s.node.get("required").text(), requiredFalse);
  if (isBool && !requiredFalse)
    c.violation(s.where, s.node, "Inputs with a default value must be required, since the default is always applied.",
                s.owner);
  if (!s.node.get("prefill").isNull())
    c.violation(s.where, s.node, "Inputs with a default value cannot also have a prefill.", s.owner);
}

}  // namespace

void Checker::checkInputs(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.flows.Input<?>>");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) checkInput(list.item(i), where.index(i));
}

void Checker::checkInput(const NodeRef& input, const Where& w) {
  if (input.isNull()) return;
  if (!input.isMapping()) {
    shapeError(w, input, "io.kestra.core.models.flows.Input");
    return;
  }
  NodeRef typeNode = input.get("type");
  auto type = textValue(typeNode);
  if (!type) {
    parseError(w, input, "Invalid type: null");
    parseError(w, input, "missing type id property 'type' (for POJO property 'inputs')");
    return;
  }
  bool known = false;
  const ObjectSpec* def = inputSubtype(*type, known);
  if (!known) return invalidInputType(w, typeNode, *type, "inputs");
  model_.inputs.push_back(input);
  NodeRef idNode = input.get("id");
  if (idNode.isNull()) idNode = input.get("name");
  std::optional<std::string> id;
  if (idNode.isScalar()) id = std::string(idNode.text());
  ValueMode mode;
  mode.owner = Owner{Leaf::Input, id};
  if (*type == "ENUM") deprecated(w, input);  // EnumInput is @Deprecated
  if (def) checkObject(input, *def, w, mode);  // FORM, REUSABLE_INPUTS: properties not in the catalog
  RuleSite site{input, w, mode.owner, id};
  if (Rule rule = inputRule(*type)) rule(*this, site);
  inputDefaults(*this, site);
}

void Checker::checkOutputs(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.flows.Output>");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef output = list.item(i);
    if (output.isNull()) continue;
    checkObject(output, outputSpec(version_), where.index(i), ValueMode{});
    if (output.isMapping()) {
      NodeRef id = output.get("id");
      model_.outputIds.push_back(id.isScalar() ? std::optional<std::string>(std::string(id.text())) : std::nullopt);
      model_.outputs.push_back(output);
    }
  }
}

void Checker::checkLabels(const NodeRef& labels, const Where& where, bool flowLabels, const ValueMode& mode) {
  if (labels.isNull()) return;
  std::vector<std::pair<std::string, std::string>> collected;
  std::vector<NodeRef> keyNodes, valueNodes;
  if (labels.isMapping()) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      NodeRef key = labels.key(i), value = labels.value(i);
      if (!key.isScalar()) continue;
      if (!value.isScalar()) {  // ListOrMapOfLabelDeserializer: String, Integer, Long, Float, Double, Boolean
        std::string message = "Unsupported type for key: " + std::string(key.text()) + ", value: " + javaValueString(value);
        parseError(where, value.isNull() ? key : value, v1() ? "YAML parsing error: " + message : message);
        continue;
      }
      collected.push_back({std::string(key.text()), std::string(value.text())});
      keyNodes.push_back(key);
      valueNodes.push_back(value);
    }
  } else if (labels.isSequence()) {
    const ObjectSpec* label = catalog_.definition("io.kestra.core.models.Label");
    for (std::size_t i = 0; i < labels.size(); ++i) {
      NodeRef item = labels.item(i);
      if (item.isMapping() && label) {
        ValueMode m = mode;
        m.bean = false;  // Label's own constraints are checked below (1.x flow labels only)
        m.owner = Owner{};
        checkObject(item, *label, where.index(i).single(), m);
      } else {
        shapeError(where.index(i), item, "io.kestra.core.models.Label");
        continue;
      }
      collected.push_back({scalarString(item.get("key")), scalarString(item.get("value"))});
      keyNodes.push_back(item.get("key") ? item.get("key") : item);
      valueNodes.push_back(item.get("value") ? item.get("value") : item);
    }
  } else {
    std::string message = "Unable to deserialize value as it's neither an object neither an array";
    parseError(where, labels, v1() ? "YAML parsing error: " + message : message);
    return;
  }
  if (!flowLabels) return;
  model_.labels = collected;
  if (!v1()) return;  // 0.21: flow labels are not @Valid
  for (std::size_t i = 0; i < collected.size(); ++i) {
    const auto& [key, value] = collected[i];
    Where w = where.index(i);
    if (key.empty()) violation(w.field("key"), keyNodes[i], "must not be empty");
    else if (!patterns::isLabelKey(key))
      violation(w.field("key"), keyNodes[i],
                "Invalid label key. A valid key contains only lowercase letters numbers hyphens (-) underscores (_) or "
                "periods (.) and must begin with a lowercase letter.");
    if (value.empty()) violation(w.field("value"), valueNodes[i], "must not be empty");
  }
}

void Checker::checkConcurrency(const NodeRef& node, const Where& where) {
  if (node.isNull()) return;
  checkObject(node, concurrencySpec(), where.single(), ValueMode{});
  NodeRef limit = node.get("limit");
  long long value = 0;
  if (limit.isScalar()) {
    std::string text(limit.text());
    char* end = nullptr;
    value = std::strtoll(text.c_str(), &end, 10);
    if (end && *end == '\0' && !text.empty() && value <= 0) violation(where.field("limit"), limit, "must be greater than 0");
  }
}

void Checker::checkSla(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.flows.sla.SLA>");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef sla = list.item(i);
    Where w = where.index(i);
    if (!sla.isMapping()) {
      if (!sla.isNull()) parseError(w, sla, mismatch("io.kestra.core.models.flows.sla.SLA", sla));
      continue;
    }
    auto type = textValue(sla.get("type"));
    if (!type) {
      parseError(w, sla, "Invalid type: null");
      parseError(w, sla, "missing type id property 'type' (for POJO property 'sla')");
      continue;
    }
    if (*type != "MAX_DURATION" && *type != "EXECUTION_ASSERTION") {
      parseError(w, sla.get("type"), "Invalid type: " + *type);
      parseError(w, sla.get("type"),
                 "Could not resolve type id '" + *type +
                     "' as a subtype of `io.kestra.core.models.flows.sla.SLA`: known type ids = [EXECUTION_ASSERTION, "
                     "MAX_DURATION] (for POJO property 'sla')");
      continue;
    }
    checkObject(sla, slaSpec(*type), w, ValueMode{});
    NodeRef labels = sla.get("labels");
    if (labels.isMapping())
      for (std::size_t k = 0; k < labels.size(); ++k) {
        std::string key = scalarString(labels.key(k));
        if (key.rfind("system.", 0) == 0)
          violation(w.field("labels").index(k), labels.key(k),
                    "System labels can only be set by Kestra itself, offending label: " + key + "=" +
                        scalarString(labels.value(k)) + ".");
      }
  }
}

void Checker::checkPluginDefaults(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    shapeError(where, list, "java.util.List<io.kestra.core.models.flows.PluginDefault>");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef item = list.item(i);
    Where w = where.index(i);
    if (item.isNull()) continue;
    checkObject(item, pluginDefaultSpec(), w, ValueMode{});
    if (!item.isMapping()) continue;
    // PluginDefaultValidator: one violation listing every problem.
    std::vector<std::string> problems;
    NodeRef values = item.get("values");
    auto type = textValue(item.get("type"));
    if (values.isNull()) problems.push_back("No 'values' provided");
    if (!type) problems.push_back("No 'type' provided");
    if (values.isMapping()) {
      for (std::size_t k = 0; k < values.size(); ++k)
        if (values.value(k).isNull() && values.key(k).isScalar())
          problems.push_back("No value provided for key '" + std::string(values.key(k).text()) + "'");
      if (type) {
        auto resolved = catalog_.resolve(*type, version_);
        if (resolved.type && resolved.type->propertiesComplete) {
          for (std::size_t k = 0; k < values.size(); ++k) {
            if (!values.key(k).isScalar()) continue;
            std::string property(values.key(k).text());
            bool found = false;
            for (auto name : resolved.type->object.names(version_)) {
              std::string a(name), b(property);
              std::transform(a.begin(), a.end(), a.begin(), ::tolower);
              std::transform(b.begin(), b.end(), b.begin(), ::tolower);
              if (a == b) found = true;
            }
            if (!found) problems.push_back("No property '" + property + "' exists in plugin '" + *type + "'");
          }
        }
      }
    }
    if (!problems.empty()) {
      std::string joined;
      for (const auto& p : problems) joined += (joined.empty() ? "" : ", ") + p;
      violation(w, item, "Invalid Plugin Default: " + joined);
    }
  }
}

void Checker::checkChecks(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    std::string message = mismatch("java.util.List<io.kestra.core.models.flows.check.Check>", list);
    parseError(where, list, "YAML parsing error: " + message);
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef check = list.item(i);
    if (check.isNull()) continue;
    checkObject(check, checkSpec(version_), where.index(i), ValueMode{});
    if (v2() && check.isMapping() && check.get("when").isNull() && check.get("condition").isNull())
      violation(where.index(i).field("when"), check, "must not be null");
  }
}

void Checker::checkListeners(const NodeRef& list, const Where& where) {
  if (list.isNull()) return;
  if (!list.isSequence()) {
    parseError(where, list, mismatch("java.util.List<io.kestra.core.models.listeners.Listener>", list));
    return;
  }
  std::vector<std::size_t> collected;
  for (std::size_t i = 0; i < list.size(); ++i) {
    NodeRef listener = list.item(i);
    if (listener.isNull()) continue;
    // The listener's tasks are collected like a flowable's children.
    std::size_t index = model_.tasks.size();
    TaskNode holder;
    holder.node = listener;
    holder.where = where.index(i);
    holder.synthetic = true;
    model_.tasks.push_back(std::move(holder));
    collector_.push_back(index);
    checkObject(listener, listenerSpec(), where.index(i), ValueMode{});
    collector_.pop_back();
    for (const auto& [property, children] : model_.tasks[index].children)
      collected.insert(collected.end(), children.begin(), children.end());
  }
  for (auto& [section, roots] : model_.sections)
    if (section == "listeners") roots = collected;
}

const ObjectSpec* Checker::inputSubtype(const std::string& type, bool& known) const {
  known = false;
  std::string_view lookup = type;
  if (const InputTypeRow* row = inputTypeRow(type)) {
    if (!inputTypeAvailable(*row, version_)) return nullptr;
    if (row->definitionOf.empty()) {
      known = true;
      return nullptr;
    }
    lookup = row->definitionOf;
  }
  const ObjectSpec* base = catalog_.definition("io.kestra.core.models.flows.Input");
  if (base)
    for (const auto& [name, definition] : base->subTypes)
      if (name == lookup) {
        known = true;
        return catalog_.definition(definition);
      }
  return nullptr;
}

void Checker::invalidInputType(const Where& where, const NodeRef& at, const std::string& type, const std::string& property) {
  std::vector<std::string> ids;
  if (const ObjectSpec* base = catalog_.definition("io.kestra.core.models.flows.Input"))
    for (const auto& [name, definition] : base->subTypes)
      if (const InputTypeRow* row = inputTypeRow(name); !row || inputTypeAvailable(*row, version_)) ids.push_back(name);
  for (const auto& row : inputTypeRows())
    if (inputTypeAvailable(row, version_) && std::find(ids.begin(), ids.end(), row.id) == ids.end()) ids.emplace_back(row.id);
  std::sort(ids.begin(), ids.end());
  std::string known;
  for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
  const InputTypeRow* row = inputTypeRow(type);
  parseError(where, at, "Invalid type: " + type, row && v2() ? std::string(row->hint) : std::string());
  parseError(where, at,
             "Could not resolve type id '" + type +
                 "' as a subtype of `io.kestra.core.models.flows.Input<java.lang.Object>`: known type ids = [" + known +
                 "] (for POJO property '" + property + "')");
}

void Checker::checkWorkerGroup(const NodeRef& node, const Where& where) {
  if (node.isNull()) return;
  if (const ObjectSpec* workerGroup = catalog_.definition("io.kestra.core.models.tasks.WorkerGroup"))
    checkObject(node, *workerGroup, where.single(), ValueMode{});
}

}  // namespace kcicd::flow::detail
