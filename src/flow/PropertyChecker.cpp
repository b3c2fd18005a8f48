// Values checked against the catalog's property descriptors, with Jackson's parse-time messages
// ("Unrecognized field", "Cannot deserialize value of type …") and Micronaut's constraint messages.
#include <algorithm>
#include <cmath>

#include "Duration.h"
#include "FlowChecker.h"
#include "Patterns.h"
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

// Ours, not Kestra's: the known property a mistyped key most likely meant (`beforeComands` → beforeCommands).
std::string didYouMean(const std::string& name, const std::vector<std::string_view>& known) {
  std::vector<std::string> candidates(known.begin(), known.end());
  auto match = closestMatch(name, candidates);
  return match ? "did you mean \"" + *match + "\"?" : std::string();
}

}  // namespace

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
  const bool lenient = mode.lenient;
  auto parseFail = [&](std::string message) {
    if (v1()) message = "YAML parsing error: " + message;
    parseError(where, value, std::move(message));
  };
  auto requireScalar = [&]() {
    if (value.isScalar()) return true;
    if (!lenient) parseFail(mismatch(javaTypeOf(spec), value));
    return false;
  };
  switch (spec.type) {
    case ValueType::String:
      if (requireScalar()) checkScalarConstraints(value, spec, where, mode);
      else if (spec.mustBeNull) checkScalarConstraints(value, spec, where, mode);
      return;
    case ValueType::Integer:
    case ValueType::Number: {
      if (!requireScalar()) return;
      long long v;
      bool ok = spec.type == ValueType::Integer ? (isInteger(value.text(), v) || resolveScalar(value) == ScalarType::Float)
                                                : isNumber(value.text());
      if (!ok) {
        if (!lenient) {
          std::string type = javaTypeOf(spec);
          parseFail("Cannot deserialize value of type `" + type + "` from String \"" + std::string(value.text()) +
                    "\": not a valid `" + type + "` value");
        }
        return;
      }
      checkScalarConstraints(value, spec, where, mode);
      return;
    }
    case ValueType::Boolean: {
      if (!requireScalar()) return;
      bool b;
      std::string_view t = value.text();
      if (parseBoolean(t, b) || (v1() && value.plain() && yes11(t))) return;
      if (!lenient)
        parseFail("Cannot deserialize value of type `" + javaTypeOf(spec) + "` from String \"" + std::string(t) +
                  "\": only \"true\" or \"false\" recognized");
      return;
    }
    case ValueType::Duration: {
      if (!requireScalar()) return;
      if (!parseKestraDuration(value.text()) && !lenient)
        parseFail("Cannot deserialize value of type `java.time.Duration` from String \"" + std::string(value.text()) +
                  "\": Text cannot be parsed to a Duration");
      checkScalarConstraints(value, spec, where, mode);
      return;
    }
    case ValueType::Enum: {
      if (!requireScalar()) return;
      std::string_view t = value.text();
      if (spec.enumValues.empty() || std::find(spec.enumValues.begin(), spec.enumValues.end(), t) != spec.enumValues.end())
        return;
      if (!lenient) {
        std::string accepted;
        for (const auto& e : spec.enumValues) accepted += (accepted.empty() ? "" : ", ") + e;
        parseFail("Cannot deserialize value of type `" + javaTypeOf(spec) + "` from String \"" + std::string(t) +
                  "\": not one of the values accepted for Enum class: [" + accepted + "]");
      }
      return;
    }
    case ValueType::Array: {
      if (!value.isSequence()) {
        if (!lenient) parseFail(mismatch(javaTypeOf(spec), value));
        return;
      }
      if (mode.bean && spec.notEmpty && value.size() == 0) violation(where, value, "must not be empty", mode.owner);
      if (spec.items)
        for (std::size_t i = 0; i < value.size(); ++i) checkValue(value.item(i), *spec.items, where.index(i), mode);
      return;
    }
    case ValueType::Object: {
      if (!value.isMapping()) {
        if (!lenient) parseFail(mismatch(javaTypeOf(spec), value));
        return;
      }
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
      return;
    }
    case ValueType::Tasks: {
      std::vector<std::size_t> collected;
      checkTaskList(value, where, collected, mode, &spec);
      if (!collector_.empty()) tasks_[collector_.back()].children.push_back({where.name, collected});
      return;
    }
    case ValueType::Task: {
      std::vector<std::size_t> collected;
      if (auto t = checkTask(value, where.single(), mode)) collected.push_back(*t);
      if (!collector_.empty()) tasks_[collector_.back()].children.push_back({where.name, collected});
      return;
    }
    case ValueType::Condition:
      checkPlugin(value, where.single(), PluginKind::Condition, mode, spec.mustImplement);
      return;
    case ValueType::Runner:
      checkPlugin(value, where.single(), PluginKind::Runner, mode);
      return;
    case ValueType::Plugin:
    case ValueType::Trigger:
      checkPlugin(value, where.single(), spec.type == ValueType::Trigger ? PluginKind::Trigger : PluginKind::Other, mode);
      return;
    case ValueType::Labels:
      checkLabels(value, where, false, mode);
      return;
    case ValueType::Scalar:
    case ValueType::Any:
    case ValueType::Property:
      return;
  }
}

void Checker::checkPolymorphic(const NodeRef& node, const ObjectSpec& base, const Where& where, const ValueMode& mode) {
  if (!node.isMapping()) {
    if (!node.isNull()) {
      std::string message = mismatch(base.javaClass, node);
      parseError(where, node, v1() ? "YAML parsing error: " + message : message);
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
      std::string message = mismatch(jacksonClassName(object.javaClass), node);
      parseError(where, node, v1() ? "YAML parsing error: " + message : message);
    }
    return;
  }
  const bool isInput = object.javaClass.rfind(kInputPackage, 0) == 0;
  const ObjectSpec* base = plugin ? &catalog_.base(plugin->kind) : nullptr;
  for (std::size_t i = 0; i < node.size(); ++i) {
    NodeRef key = node.key(i);
    if (!key.isScalar()) continue;  // reported by the loader
    std::string_view name = key.text();
    const PropertySpec* property = object.find(name, version_);
    if (!property) {
      if (allowUnknown || (plugin && !plugin->propertiesComplete)) continue;
      if (v2() && plugin && plugin->kind == PluginKind::Trigger) unknownTriggerProperty(node, i, where, plugin->name);
      else unknownProperty(key, where, object.javaClass, object.names(version_));
      continue;
    }
    NodeRef value = node.value(i);
    Where w = where.field(name);
    if (property->spec.deprecated && !property->spec.writeOnly && !value.isNull()) deprecated(w, key);
    ValueMode m = mode;
    // Kestra 1.x turned many plain properties of the 0.21 plugins into Property<T>, which accepts any shape
    // at parse time: in 1.x only the common (base) properties and 1.x-sourced types are shape-checked.
    // Properties the catalog dates to 1.x or later were typed from those sources: checked as written.
    if (v1() && plugin && !plugin->since1x() && !(base && base->find(name, version_)) &&
        property->spec.since == KestraVersion::V0_21)
      m.lenient = true;
    if (v1() && isInput && name == "defaults") m.lenient = true;  // 1.x: Property<T>
    // Switch.cases is not @Valid (Kestra's FIXME): its tasks are parsed strictly but not bean-validated.
    if (plugin && name == "cases" && plugin->name == "io.kestra.plugin.core.flow.Switch") m.bean = false;
    checkValue(value, property->spec, w, m);
  }
  checkRequired(node, object, where, mode, plugin);
  if (!mode.bean) return;
  for (const auto& validator : object.classValidators) {
    if (validator == "WorkerGroupValidation") {
      if (!node.get("key").isNull()) violation(where, node, "Worker Group is an Enterprise Edition functionality");
    } else if (validator == "PreconditionFilterValidation") {
      auto type = textValue(node.get("type"));
      if (!type) continue;
      // PreconditionFilterValidator: one violation at most, `value` for every type but IN/NOT_IN.
      bool hasValue = !node.get("value").isNull(), hasValues = !node.get("values").isNull();
      bool needsValues = *type == "IN" || *type == "NOT_IN";
      if (!needsValues && !hasValue) violation(where, node, "`value` cannot be null for type " + *type);
      else if (needsValues && hasValue) violation(where, node, "`value` must be null for type " + *type);
      else if (needsValues && !hasValues) violation(where, node, "`values` cannot be null for type " + *type);
      else if (!needsValues && hasValues) violation(where, node, "`values` must be null for type " + *type);
    } else if (validator == "ConstantRetryValidation" || validator == "ExponentialRetryValidation" ||
               validator == "RandomRetryValidation") {
      auto duration = [&](const char* name) -> std::optional<JavaDuration> {
        NodeRef v = node.get(name);
        return v.isScalar() ? parseKestraDuration(v.text()) : std::nullopt;
      };
      auto check = [&](const char* smaller, const char* larger) {
        auto a = duration(smaller), b = duration(larger);
        if (a && b && *a > *b)
          violation(where, node, std::string("'") + smaller + "' must be less than '" + larger + "' but is " + toJavaString(*a));
      };
      if (validator == "ConstantRetryValidation") {
        check("interval", "maxDuration");
      } else if (validator == "ExponentialRetryValidation") {
        check("interval", "maxDuration");
        check("interval", "maxInterval");
        check("maxInterval", "maxDuration");
      } else {
        check("minInterval", "maxDuration");
        check("maxInterval", "maxDuration");
        check("minInterval", "maxInterval");
      }
    }
  }
}

}  // namespace kcicd::flow::detail
