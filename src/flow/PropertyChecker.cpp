// Values checked against the catalog's property descriptors, with Jackson's parse-time messages
// ("Unrecognized field", "Cannot deserialize value of type …") and Micronaut's constraint messages.
#include <algorithm>
#include <cmath>

#include "Duration.h"
#include "FlowChecker.h"
#include "Patterns.h"
#include "TaskRules.h"
#include "YamlJson.h"
#include "runtime/Suggest.h"

namespace kcicd::flow::detail {

namespace {

const char* tokenOf(const NodeRef& value, const char*& desc) {
  if (value.isMapping()) {
    desc = "Object";
    return "START_OBJECT";
  }
  if (value.isSequence()) {
    desc = "Array";
    return "START_ARRAY";
  }
  switch (resolveScalar(value)) {
    case ScalarType::Boolean: {
      bool b = false;
      parseBoolean(value.text(), b);
      desc = "Boolean";
      return b ? "VALUE_TRUE" : "VALUE_FALSE";
    }
    case ScalarType::Integer: desc = "Integer"; return "VALUE_NUMBER_INT";
    case ScalarType::Float: desc = "Floating-point"; return "VALUE_NUMBER_FLOAT";
    case ScalarType::Null: desc = "Null"; return "VALUE_NULL";
    default: desc = "String"; return "VALUE_STRING";
  }
}

std::string javaTypeOf(const ValueSpec& spec) {
  if (!spec.javaType.empty()) return jacksonClassName(spec.javaType);
  switch (spec.type) {
    case ValueType::String: return "java.lang.String";
    case ValueType::Integer: return "java.lang.Integer";
    case ValueType::Number: return "java.lang.Double";
    case ValueType::Boolean: return "java.lang.Boolean";
    case ValueType::Duration: return "java.time.Duration";
    case ValueType::Array: return "java.util.List<java.lang.Object>";
    case ValueType::Tasks: return "java.util.List<io.kestra.core.models.tasks.Task>";
    case ValueType::Task: return "io.kestra.core.models.tasks.Task";
    case ValueType::Object: return "java.util.Map<java.lang.String, java.lang.Object>";
    default: return "java.lang.Object";
  }
}

bool isInteger(std::string_view text, long long& value) {
  std::string s(text);
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  for (std::size_t k = i; k < s.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
  if (s.size() - i > 18) return false;
  value = std::stoll(s);
  return true;
}

bool isNumber(std::string_view text) {
  std::string s(text);
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

bool yes11(std::string_view t) {  // YAML 1.1 booleans that SnakeYAML (Kestra 1.x) resolves
  static const char* const words[] = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"};
  for (const char* w : words)
    if (t == w) return true;
  return false;
}

bool blank(std::string_view s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

const char* kInputPackage = "io.kestra.core.models.flows.input.";

}  // namespace

// Ours, not Kestra's: the known name a mistyped one most likely meant (`beforeComands` → beforeCommands).
std::string Checker::didYouMean(const std::string& name, const std::vector<std::string_view>& known) {
  std::vector<std::string> candidates(known.begin(), known.end());
  auto match = closestMatch(name, candidates);
  return match ? "did you mean \"" + *match + "\"?" : std::string();
}

void Checker::shapeError(const Where& where, const NodeRef& value, const std::string& javaType) {
  std::string message = mismatch(javaType, value);
  parseError(where, value, v1() ? "YAML parsing error: " + message : message);
}

std::string Checker::mismatch(const std::string& javaType, const NodeRef& value) const {
  const char* desc = "String";
  const char* token = tokenOf(value, desc);
  return "Cannot deserialize value of type `" + javaType + "` from " + desc + " value (token `JsonToken." + token + "`)";
}

void Checker::unknownProperty(const NodeRef& key, const Where& owner, const std::string& javaClass,
                              const std::vector<std::string_view>& known) {
  // Past --max-diagnostics the finding is only counted: its message and suggestion are not built (a file of
  // 900,000 unknown keys would build 900,000 of each).
  if (cap_.full()) return parseError(owner.field(std::string(key.text())), key, {}, {});
  // Jackson's UnrecognizedPropertyException message, suffix included (PropertyBindingException).
  std::string suffix;
  if (known.size() == 1) {
    suffix = " (one known property: \"" + std::string(known.front()) + "\"";
  } else {
    suffix = " (" + std::to_string(known.size()) + " known properties: ";
    for (std::size_t i = 0; i < known.size(); ++i) {
      suffix += "\"" + std::string(known[i]) + "\"";
      if (suffix.size() > 1000) {
        suffix += " [truncated]";
        break;
      }
      if (i + 1 < known.size()) suffix += ", ";
    }
  }
  suffix += "])";
  std::string name(key.text());
  std::string hint = v2() ? removedKeyHint(javaClass, name) : std::string();
  if (hint.empty()) hint = didYouMean(name, known);
  parseError(owner.field(name), key,
             "Unrecognized field \"" + name + "\" (class " + jacksonClassName(javaClass) + "), not marked as ignorable" + suffix,
             hint);
}

std::vector<std::string> Checker::missingMessages(const std::string& owner, const std::string& property,
                                                  const ValueSpec& spec) const {
  // @NotBlank/@NotEmpty fail on null too; a few properties carry @NotNull as well (flow-validation.md §2).
  bool alsoNotNull = property == "id" || property == "type" ||
                     (owner == "io.kestra.plugin.core.flow.Parallel" && property == "tasks") ||
                     (owner == "io.kestra.plugin.core.flow.Switch" && property == "value") ||
                     (owner == "io.kestra.plugin.core.flow.ForEachItem" && property == "namespace");
  std::vector<std::string> out;
  if (spec.notEmpty || spec.notBlank) {
    if (alsoNotNull) out.push_back("must not be null");
    out.push_back(spec.notEmpty ? "must not be empty" : "must not be blank");
  } else {
    out.push_back("must not be null");
  }
  return out;
}

bool Checker::providedByDefaults(const std::string& type, std::string_view property) const {
  for (const NodeRef& d : pluginDefaultNodes_) {
    auto defaultType = textValue(d.get("type"));
    if (!defaultType || defaultType->empty()) continue;
    if (type.rfind(*defaultType, 0) != 0) continue;
    NodeRef values = d.get("values");
    if (values.isMapping() && !values.get(property).isNull()) return true;
  }
  return false;
}

void Checker::checkScalarConstraints(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode) {
  if (!mode.bean || value.isNull()) return;
  if (spec.mustBeNull) {
    violation(where, value, "must be null", mode.owner);
    return;
  }
  if (!value.isScalar()) return;
  std::string_view text = value.text();
  if (spec.notBlank && blank(text)) violation(where, value, "must not be blank", mode.owner);
  if (spec.notEmpty && text.empty()) violation(where, value, "must not be empty", mode.owner);
  if (spec.pattern) {
    const schema::Pattern& pattern = patterns::compiled(*spec.pattern);
    schema::Pattern::Result result = pattern.match(text);
    if (result != schema::Pattern::Result::Match) violation(where, value, pattern.message(result), mode.owner);
  }
  if (spec.sizeMin || spec.sizeMax) {
    std::size_t length = patterns::javaLength(text);
    long long min = spec.sizeMin.value_or(0), max = spec.sizeMax.value_or(2147483647);
    if (static_cast<long long>(length) < min || static_cast<long long>(length) > max)
      violation(where, value, "size must be between " + std::to_string(min) + " and " + std::to_string(max), mode.owner);
  }
  if (spec.min) {
    long long v;
    if (isInteger(text, v) && v < *spec.min)
      violation(where, value, "must be greater than or equal to " + std::to_string(*spec.min), mode.owner);
  }
  if (spec.timezoneId && !patterns::isTimeZoneId(text))
    violation(where, value, "timezone '(" + std::string(text) + ")' is not a valid time-zone ID", mode.owner);
}

void Checker::checkValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode) {
  if (!value || value.isNull()) return;
  switch (spec.type) {
    case ValueType::String:
    case ValueType::Integer:
    case ValueType::Number:
    case ValueType::Boolean:
    case ValueType::Duration:
    case ValueType::Enum:
      return checkScalarValue(value, spec, where, mode);
    case ValueType::Array: {
      if (!value.isSequence()) return valueMismatch(value, spec, where, mode);
      if (mode.bean && spec.notEmpty && value.size() == 0) violation(where, value, "must not be empty", mode.owner);
      if (spec.items)
        for (std::size_t i = 0; i < value.size(); ++i) checkValue(value.item(i), *spec.items, where.index(i), mode);
      return;
    }
    case ValueType::Object:
      return checkObjectValue(value, spec, where, mode);
    case ValueType::Tasks: {
      std::vector<std::size_t> collected;
      checkTaskList(value, where, collected, mode, &spec);
      if (!collector_.empty()) model_.tasks[collector_.back()].children.push_back({where.name, collected});
      return;
    }
    case ValueType::Task: {
      std::vector<std::size_t> collected;
      if (auto t = checkTask(value, where.single(), mode)) collected.push_back(*t);
      if (!collector_.empty()) model_.tasks[collector_.back()].children.push_back({where.name, collected});
      return;
    }
    case ValueType::Condition:
      return checkPlugin(value, where.single(), PluginKind::Condition, mode, spec.mustImplement);
    case ValueType::Runner:
      return checkPlugin(value, where.single(), PluginKind::Runner, mode);
    case ValueType::Plugin:
    case ValueType::Trigger:
      return checkPlugin(value, where.single(), spec.type == ValueType::Trigger ? PluginKind::Trigger : PluginKind::Other,
                         mode);
    case ValueType::Labels:
      return checkLabels(value, where, false, mode);
    case ValueType::Scalar:
    case ValueType::Any:
    case ValueType::Property:
      return;
  }
}

// Jackson's parse error for a value of the wrong shape (none for a lenient value, which may be a Property<T>).
void Checker::valueParseError(const NodeRef& value, const Where& where, const ValueMode& mode, std::string message,
                              std::string hint) {
  if (mode.lenient) return;
  if (v1()) message = "YAML parsing error: " + message;
  parseError(where, value, std::move(message), std::move(hint));
}

void Checker::valueMismatch(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode) {
  if (!mode.lenient) shapeError(where, value, javaTypeOf(spec));
}

// String, Integer, Number, Boolean, Duration, Enum: Jackson's conversion, then the constraints.
void Checker::checkScalarValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode) {
  if (!value.isScalar()) {
    valueMismatch(value, spec, where, mode);
    if (spec.type == ValueType::String && spec.mustBeNull) checkScalarConstraints(value, spec, where, mode);
    return;
  }
  std::string_view t = value.text();
  auto from = [&] {
    return "Cannot deserialize value of type `" + javaTypeOf(spec) + "` from String \"" + std::string(t) + "\": ";
  };
  long long v;
  bool b;
  switch (spec.type) {
    case ValueType::Integer:
    case ValueType::Number:
      if (spec.type == ValueType::Integer ? (isInteger(t, v) || resolveScalar(value) == ScalarType::Float) : isNumber(t))
        break;
      return valueParseError(value, where, mode, from() + "not a valid `" + javaTypeOf(spec) + "` value");
    case ValueType::Boolean:
      if (!parseBoolean(t, b) && !(v1() && value.plain() && yes11(t)))
        valueParseError(value, where, mode, from() + "only \"true\" or \"false\" recognized");
      return;
    case ValueType::Duration:
      if (!parseKestraDuration(t))
        valueParseError(value, where, mode,
                        "Cannot deserialize value of type `java.time.Duration` from String \"" + std::string(t) +
                            "\": Text cannot be parsed to a Duration");
      break;
    case ValueType::Enum:
      if (!spec.enumValues.empty() && std::find(spec.enumValues.begin(), spec.enumValues.end(), t) == spec.enumValues.end())
        valueParseError(value, where, mode,
                        from() + "not one of the values accepted for Enum class: [" + joinList(spec.enumValues) + "]",
                        didYouMean(std::string(t), {spec.enumValues.begin(), spec.enumValues.end()}));
      return;
    default:
      break;
  }
  checkScalarConstraints(value, spec, where, mode);
}

// An object: a catalog definition (polymorphic or not), an inline object, or a map of values.
void Checker::checkObjectValue(const NodeRef& value, const ValueSpec& spec, const Where& where, const ValueMode& mode) {
  if (!value.isMapping()) return valueMismatch(value, spec, where, mode);
  if (mode.bean && spec.notEmpty && value.size() == 0) violation(where, value, "must not be empty", mode.owner);
  ValueMode nested = mode;
  nested.owner = Owner{};
  if (!spec.ref.empty()) {
    if (const ObjectSpec* def = catalog_.definition(spec.ref)) {
      if (!def->discriminator.empty()) checkPolymorphic(value, *def, where.single(), nested);
      else checkObject(value, *def, where.single(), nested);
    }
  } else if (spec.inlineObject) {
    checkObject(value, *spec.inlineObject, where.single(), nested);
  } else if (spec.values) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      NodeRef k = value.key(i);
      if (!k.isScalar()) continue;
      checkValue(value.value(i), *spec.values, where.key(k.text()), spec.values->type == ValueType::Tasks ? mode : nested);
    }
  }
}

void Checker::checkPolymorphic(const NodeRef& node, const ObjectSpec& base, const Where& where, const ValueMode& mode) {
  if (!node.isMapping()) {
    if (!node.isNull()) {
      shapeError(where, node, base.javaClass);
    }
    return;
  }
  NodeRef typeNode = node.get(base.discriminator);
  auto type = textValue(typeNode);
  if (!type) {
    parseError(where, node, "Invalid type: null");
    parseError(where, node, "missing type id property '" + base.discriminator + "' (for POJO property '" + where.name + "')");
    return;
  }
  if (base.javaClass == "io.kestra.core.models.flows.Input") {  // Pause onResume: the version's input types
    bool known = false;
    const ObjectSpec* input = inputSubtype(*type, known);
    if (!known) invalidInputType(where, typeNode, *type, where.name);
    else if (input) checkObject(node, *input, where, mode);
    return;
  }
  const ObjectSpec* sub = nullptr;
  for (const auto& [name, def] : base.subTypes)
    if (name == *type) sub = catalog_.definition(def);
  if (!sub) {
    std::string known;
    for (const auto& [name, def] : base.subTypes) known += (known.empty() ? "" : ", ") + name;
    parseError(where, typeNode, "Invalid type: " + *type);
    parseError(where, typeNode,
               "Could not resolve type id '" + *type + "' as a subtype of `" + base.javaClass + "`: known type ids = [" +
                   known + "] (for POJO property '" + where.name + "')");
    return;
  }
  checkObject(node, *sub, where, mode);
}

void Checker::checkRequired(const NodeRef& node, const ObjectSpec& object, const Where& where, const ValueMode& mode,
                            const PluginType* plugin) {
  if (!mode.bean) return;
  for (const auto& p : object.properties) {
    if (!p.spec.required || !p.spec.availableIn(version_)) continue;
    if (!node.get(p.name).isNull()) continue;
    if (plugin && (providedByDefaults(plugin->name, p.name) ||
                   (node.get("type").isScalar() && providedByDefaults(std::string(node.get("type").text()), p.name))))
      continue;
    // An input's deprecated `name` is copied into `id` when `id` is absent.
    if (p.name == "id" && object.javaClass.rfind(kInputPackage, 0) == 0 && !node.get("name").isNull()) continue;
    for (const auto& message : missingMessages(object.javaClass, p.name, p.spec))
      violation(where.field(p.name), node, message, mode.owner);
  }
}

void Checker::checkObject(const NodeRef& node, const ObjectSpec& object, const Where& where, const ValueMode& mode,
                          const PluginType* plugin, bool allowUnknown) {
  if (!node.isMapping()) {
    if (!node.isNull()) {
      shapeError(where, node, jacksonClassName(object.javaClass));
    }
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    NodeRef key = node.key(i);
    if (!key.isScalar()) continue;  // reported by the loader
    const PropertySpec* property = object.find(key.text(), version_);
    if (property) {
      checkProperty(node, i, *property, object, where, mode, plugin);
    } else if (allowUnknown || (plugin && !plugin->propertiesComplete)) {
      continue;
    } else if (v2() && plugin && plugin->kind == PluginKind::Trigger) {
      unknownTriggerProperty(node, i, where, plugin->name, object.names(version_));
    } else {
      unknownProperty(key, where, object.javaClass, object.names(version_));
    }
  }
  checkRequired(node, object, where, mode, plugin);
  if (!mode.bean) return;
  Owner none;
  std::optional<std::string> noId;
  RuleSite site{node, where, none, noId};
  for (const auto& validation : object.classValidators)
    if (Rule rule = classRule(validation)) rule(*this, site);
}

// The i-th key of `node`, a property `object` declares.
void Checker::checkProperty(const NodeRef& node, std::size_t i, const PropertySpec& property, const ObjectSpec& object,
                            const Where& where, const ValueMode& mode, const PluginType* plugin) {
  NodeRef key = node.key(i), value = node.value(i);
  std::string_view name = key.text();
  Where w = where.field(name);
  if (property.spec.deprecated && !property.spec.writeOnly && !value.isNull()) deprecated(w, key);
  ValueMode m = mode;
  // Kestra 1.x turned many plain properties of the 0.21 plugins into Property<T>, which accepts any shape
  // at parse time: in 1.x only the common (base) properties and 1.x-sourced types are shape-checked.
  // Properties the catalog dates to 1.x or later were typed from those sources: checked as written.
  const ObjectSpec* base = plugin ? &catalog_.base(plugin->kind) : nullptr;
  if (v1() && plugin && !plugin->since1x() && !(base && base->find(name, version_)) &&
      property.spec.since == KestraVersion::V0_21)
    m.lenient = true;
  const bool isInput = object.javaClass.rfind(kInputPackage, 0) == 0;
  if (v1() && isInput && name == "defaults") m.lenient = true;  // 1.x: Property<T>
  // Switch.cases is not @Valid (Kestra's FIXME): its tasks are parsed strictly but not bean-validated.
  if (plugin && name == "cases" && plugin->name == "io.kestra.plugin.core.flow.Switch") m.bean = false;
  checkValue(value, property.spec, w, m);
}

}  // namespace kcicd::flow::detail
