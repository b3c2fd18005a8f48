// JsonSchema::validate: walks a compiled schema over an instance and collects violations.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "schema/CompiledSchema.h"
#include "schema/JsonPointer.h"
#include "schema/JsonSchema.h"
#include "runtime/Utf8.h"

namespace kcicd::schema {
namespace {

using nlohmann::json;

std::string formatNumber(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string typeNames(unsigned types) {
  static const std::pair<unsigned, const char*> names[] = {
      {kNull, "null"},     {kBoolean, "boolean"}, {kObject, "object"}, {kArray, "array"},
      {kNumber, "number"}, {kString, "string"},   {kInteger, "integer"}};
  std::string out;
  for (const auto& [bit, name] : names) {
    if (types & bit) out += (out.empty() ? "" : " or ") + std::string(name);
  }
  return out;
}

bool isInteger(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool hasType(unsigned types, const json& value) {
  if (types == 0) return true;
  switch (value.type()) {
    case json::value_t::null: return types & kNull;
    case json::value_t::boolean: return types & kBoolean;
    case json::value_t::object: return types & kObject;
    case json::value_t::array: return types & kArray;
    case json::value_t::string: return types & kString;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return (types & kNumber) || ((types & kInteger) && isInteger(value));
    default: return false;
  }
}

std::string listValues(const std::vector<json>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + (values[i].is_string() ? values[i].get<std::string>() : values[i].dump());
  }
  return out + "]";
}

// Micronaut's texts for @NotEmpty and @Size (DefaultMessages.java).
std::string sizeMessage(std::optional<std::uint64_t> min, std::optional<std::uint64_t> max) {
  if (min && *min == 1 && !max) return "must not be empty";
  return "size must be between " + std::to_string(min.value_or(0)) + " and " +
         (max ? std::to_string(*max) : std::string("2147483647"));
}

bool isMultipleOf(const json& value, double divisor) {
  if (value.is_number_integer() && std::floor(divisor) == divisor && divisor < 9.2e18) {
    auto d = static_cast<long long>(divisor);
    return value.is_number_unsigned() ? value.get<unsigned long long>() % static_cast<unsigned long long>(d) == 0
                                      : value.get<long long>() % d == 0;
  }
  double quotient = value.get<double>() / divisor;
  if (!std::isfinite(quotient)) return false;
  return std::fabs(quotient - std::round(quotient)) < 1e-9 * std::max(1.0, std::fabs(quotient));
}

class Validator {
 public:
  Validator(const CompiledSchema& schema, std::unordered_set<const json*>* dispatched)
      : schema_(schema), dispatched_(dispatched) {}

  void validate(NodeId id, const json& value, std::string& pointer, std::vector<Violation>& out,
                bool parentChecksNames = false) {
    const SchemaNode& node = schema_.nodes[id];
    if (node.kind == SchemaNode::Kind::AlwaysValid) return;
    if (node.kind == SchemaNode::Kind::NeverValid) {
      out.push_back({pointer, "is not allowed"});
      return;
    }
    if (depth_ >= JsonSchema::kMaxDepth) {
      out.push_back({pointer, "is nested deeper than " + std::to_string(JsonSchema::kMaxDepth) + " levels"});
      return;
    }
    ++depth_;
    if (node.ref != kNoNode) {
      followRef(node.ref, value, pointer, out, parentChecksNames);
    } else {
      validateKeywords(node, value, pointer, out, parentChecksNames);
    }
    --depth_;
  }

 private:
  void followRef(NodeId target, const json& value, std::string& pointer, std::vector<Violation>& out,
                 bool parentChecksNames) {
    // The same schema applied to the same value again through $refs: the cycle adds nothing.
    for (const auto& [node, instance] : refStack_) {
      if (node == target && instance == &value) return;
    }
    refStack_.emplace_back(target, &value);
    validate(target, value, pointer, out, parentChecksNames);
    refStack_.pop_back();
  }

  // Kestra mode: Jackson coerces scalars (ALLOW_COERCION_OF_SCALARS): a number or boolean into a
  // String field, a numeric string into a number, "true"/"false" into a boolean.
  static bool coercible(unsigned types, const json& value) {
    if ((types & kString) && (value.is_number() || value.is_boolean())) return true;
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    if ((types & kBoolean) && (text == "true" || text == "false")) return true;
    if (!(types & (kNumber | kInteger)) || text.empty()) return false;
    try {
      std::size_t used = 0;
      double number = std::stod(text, &used);
      if (used != text.size()) return false;
      return (types & kNumber) || (std::isfinite(number) && std::floor(number) == number);
    } catch (const std::exception&) {
      return false;
    }
  }

  bool inEnum(const std::vector<json>& values, const json& value) const {
    if (std::find(values.begin(), values.end(), value) != values.end()) return true;
    if (!schema_.kestra || !(value.is_number() || value.is_boolean())) return false;
    return std::find(values.begin(), values.end(), json(value.dump())) != values.end();  // coerced to text
  }

  // Kestra mode: a property set to null is absent (Jackson leaves the field null).
  bool present(const json& object, const std::string& name) const {
    auto found = object.find(name);
    return found != object.end() && !(schema_.kestra && found->is_null());
  }

  void validateKeywords(const SchemaNode& node, const json& value, std::string& pointer, std::vector<Violation>& out,
                        bool parentChecksNames) {
    bool coercedToString = false;
    if (!hasType(node.types, value)) {
      if (!schema_.kestra || !coercible(node.types, value)) {
        out.push_back({pointer, "must be " + typeNames(node.types)});
        return;
      }
      coercedToString = value.is_number() || value.is_boolean();
    }
    if (node.enumValues && !inEnum(*node.enumValues, value)) {
      out.push_back({pointer, "must be one of " + listValues(*node.enumValues)});
    }
    if (node.constValue && !(*node.constValue == value)) {
      out.push_back({pointer, "must be equal to " + node.constValue->dump()});
    }
    if (value.is_number()) validateNumber(node, value, pointer, out);
    if (value.is_string()) validateString(node, value.get_ref<const std::string&>(), pointer, out);
    if (coercedToString) validateString(node, value.dump(), pointer, out);
    if (value.is_array()) validateArray(node, value, pointer, out);
    if (value.is_object()) validateObject(node, value, pointer, out, parentChecksNames);

    for (NodeId branch : node.allOf) validate(branch, value, pointer, out, schema_.kestra);
    if (!node.anyOf.empty()) validateAnyOf(node, node.anyOf, value, pointer, out, false);
    if (!node.oneOf.empty()) validateAnyOf(node, node.oneOf, value, pointer, out, !schema_.kestra);
    if (node.notSchema != kNoNode && passes(node.notSchema, value, pointer)) {
      out.push_back({pointer, "must not be valid against the schema in `not`"});
    }
    if (node.ifSchema != kNoNode) {
      NodeId branch = passes(node.ifSchema, value, pointer) ? node.thenSchema : node.elseSchema;
      if (branch != kNoNode) validate(branch, value, pointer, out);
    }
  }

  void validateNumber(const SchemaNode& node, const json& value, const std::string& pointer,
                      std::vector<Violation>& out) {
    double number = value.get<double>();
    if (node.minimum && number < *node.minimum) {
      out.push_back({pointer, "must be greater than or equal to " + formatNumber(*node.minimum)});
    }
    if (node.maximum && number > *node.maximum) {
      out.push_back({pointer, "must be less than or equal to " + formatNumber(*node.maximum)});
    }
    if (node.exclusiveMinimum && number <= *node.exclusiveMinimum) {
      out.push_back({pointer, "must be greater than " + formatNumber(*node.exclusiveMinimum)});
    }
    if (node.exclusiveMaximum && number >= *node.exclusiveMaximum) {
      out.push_back({pointer, "must be less than " + formatNumber(*node.exclusiveMaximum)});
    }
    if (node.multipleOf && !isMultipleOf(value, *node.multipleOf)) {
      out.push_back({pointer, "must be a multiple of " + formatNumber(*node.multipleOf)});
    }
  }

  void validateString(const SchemaNode& node, const std::string& text, const std::string& pointer,
                      std::vector<Violation>& out) {
    if (node.minLength || node.maxLength) {
      std::size_t length = utf8::codePointCount(text);
      if ((node.minLength && length < *node.minLength) || (node.maxLength && length > *node.maxLength)) {
        out.push_back({pointer, node.minLength == 1u && !node.maxLength ? "must not be blank"
                                                                        : sizeMessage(node.minLength, node.maxLength)});
      }
    }
    if (node.pattern) {
      Pattern::Result result = node.pattern->match(text);
      if (result != Pattern::Result::Match) out.push_back({pointer, node.pattern->message(result)});
    }
  }

  void validateArray(const SchemaNode& node, const json& array, std::string& pointer, std::vector<Violation>& out) {
    std::size_t size = pointer.size();
    for (std::size_t i = 0; i < array.size(); ++i) {
      NodeId item = node.itemsIsArray ? (i < node.itemsArray.size() ? node.itemsArray[i] : node.additionalItems)
                                      : node.items;
      if (item == kNoNode) continue;
      pointer += "/" + std::to_string(i);
      validate(item, array[i], pointer, out);
      pointer.resize(size);
    }
    if ((node.minItems && array.size() < *node.minItems) || (node.maxItems && array.size() > *node.maxItems)) {
      out.push_back({pointer, sizeMessage(node.minItems, node.maxItems)});
    }
    if (node.uniqueItems) {
      for (std::size_t i = 0; i < array.size(); ++i) {
        for (std::size_t j = i + 1; j < array.size(); ++j) {
          if (array[i] == array[j]) {
            out.push_back({pointer, "must not contain duplicates (items " + std::to_string(i) + " and " +
                                        std::to_string(j) + " are equal)"});
            i = j = array.size();
          }
        }
      }
    }
    if (node.contains != kNoNode) {
      bool found = false;
      for (std::size_t i = 0; i < array.size() && !found; ++i) found = passes(node.contains, array[i], pointer);
      if (!found) out.push_back({pointer, "must contain an item valid against the schema in `contains`"});
    }
  }

  // Names an object may hold when its schema (or its allOf parts) declares them (Kestra mode).
  void collectNames(NodeId id, std::set<std::string>& names, int depth = 0) const {
    if (id == kNoNode || depth > 32) return;
    const SchemaNode& node = schema_.nodes[id];
    if (node.ref != kNoNode) return collectNames(node.ref, names, depth + 1);
    for (const auto& [name, unused] : node.properties) names.insert(name);
    for (NodeId part : node.allOf) collectNames(part, names, depth + 1);
  }

  bool declared(const SchemaNode& node, const std::string& name) const {
    if (node.properties.count(name)) return true;
    if (node.allOf.empty()) return false;
    std::set<std::string> names;
    for (NodeId part : node.allOf) collectNames(part, names);
    return names.count(name) > 0;
  }

  std::string unrecognized(const SchemaNode& node, const std::string& name) const {
    return "Unrecognized field \"" + name + "\"" + (node.className.empty() ? "" : " (class " + node.className + ")");
  }

  // Validates `member` (unless null: a skipped value) against every patternProperties schema whose pattern
  // its name matches; true when one does. A name that cannot be checked is reported, not called unrecognized.
  bool matchPatternProperties(const SchemaNode& node, const std::string& name, const json* member,
                              std::string& pointer, std::vector<Violation>& out) {
    bool matched = false;
    for (const auto& [pattern, schema] : node.patternProperties) {
      Pattern::Result result = pattern->match(name);
      if (result == Pattern::Result::NoMatch) continue;
      matched = true;
      if (result != Pattern::Result::Match) out.push_back({pointer, "property name " + pattern->message(result)});
      else if (member) validate(schema, *member, pointer, out);
    }
    return matched;
  }

  void validateObject(const SchemaNode& node, const json& object, std::string& pointer, std::vector<Violation>& out,
                      bool parentChecksNames) {
    for (const auto& name : node.required) {
      if (!present(object, name)) out.push_back({pointer, name + ": must not be null"});
    }
    for (const auto& [name, required] : node.propertyDependencies) {
      if (!present(object, name)) continue;
      for (const auto& other : required) {
        if (!present(object, other)) out.push_back({pointer, other + ": must not be null (required by " + name + ")"});
      }
    }
    std::size_t size = pointer.size();
    for (const auto& [name, member] : object.items()) {
      bool skipValue = schema_.kestra && member.is_null();  // absent, but an unknown name still fails
      pointer += "/" + escapePointerToken(name);
      bool matched = false;
      if (auto property = node.properties.find(name); property != node.properties.end()) {
        matched = true;
        if (!skipValue) validate(property->second, member, pointer, out);
      }
      if (matchPatternProperties(node, name, skipValue ? nullptr : &member, pointer, out)) matched = true;
      if (!matched && node.hasAdditionalProperties) {
        if (schema_.nodes[node.additionalProperties].kind == SchemaNode::Kind::NeverValid) {
          out.push_back({pointer, unrecognized(node, name)});
        } else if (!skipValue) {
          validate(node.additionalProperties, member, pointer, out);
        }
      } else if (!matched && (node.closed || !node.allOf.empty()) && !parentChecksNames && schema_.kestra &&
                 !declared(node, name) && (node.closed || closedThroughAllOf(node))) {
        out.push_back({pointer, unrecognized(node, name)});
      }
      if (node.propertyNames != kNoNode && !passes(node.propertyNames, json(name), pointer)) {
        out.push_back({pointer, "property name \"" + name + "\" is not valid against the schema in `propertyNames`"});
      }
      pointer.resize(size);
    }
    for (const auto& [name, schema] : node.schemaDependencies) {
      if (present(object, name)) validate(schema, object, pointer, out);
    }
    if ((node.minProperties && object.size() < *node.minProperties) ||
        (node.maxProperties && object.size() > *node.maxProperties)) {
      out.push_back({pointer, sizeMessage(node.minProperties, node.maxProperties)});
    }
  }

  bool closedThroughAllOf(const SchemaNode& node) const {
    for (NodeId part : node.allOf) {
      NodeId target = part;
      for (int hops = 0; schema_.nodes[target].ref != kNoNode && hops < 64; ++hops) target = schema_.nodes[target].ref;
      if (schema_.nodes[target].closed) return true;
    }
    return false;
  }

  bool passes(NodeId id, const json& value, const std::string& pointer) {
    std::vector<Violation> scratch;
    std::string at = pointer;
    ++speculative_;
    validate(id, value, at, scratch);
    --speculative_;
    return scratch.empty();
  }

  NodeId deref(NodeId id) const {
    for (int hops = 0; schema_.nodes[id].ref != kNoNode && hops < 64; ++hops) id = schema_.nodes[id].ref;
    return id;
  }

  void validateAnyOf(const SchemaNode& node, const std::vector<NodeId>& branches, const json& value,
                     std::string& pointer, std::vector<Violation>& out, bool exactlyOne) {
    if (!node.discriminator.empty() && value.is_object()) return dispatch(node, value, pointer, out);
    std::vector<std::vector<Violation>> results(branches.size());
    std::size_t passing = 0;
    for (std::size_t i = 0; i < branches.size(); ++i) {
      std::string at = pointer;
      ++speculative_;
      validate(branches[i], value, at, results[i]);
      --speculative_;
      if (results[i].empty()) ++passing;
      if (passing > 0 && !exactlyOne) return;
    }
    if (passing == 1) return;
    if (passing > 1) {
      out.push_back({pointer, "must be valid against exactly one schema in `oneOf`, but is valid against " +
                                  std::to_string(passing)});
      return;
    }
    // Report the branch the value was most likely meant for: one whose root type fits.
    std::string expected;  // the branches' types, in branch order
    const std::vector<Violation>* best = nullptr;
    for (std::size_t i = 0; i < branches.size(); ++i) {
      const SchemaNode& target = schema_.nodes[deref(branches[i])];
      if (target.kind == SchemaNode::Kind::Schema && !hasType(target.types, value) &&
          !(schema_.kestra && coercible(target.types, value))) {
        std::string names = typeNames(target.types);
        if (expected.find(names) == std::string::npos) expected += (expected.empty() ? "" : " or ") + names;
        continue;
      }
      if (!best || results[i].size() < best->size()) best = &results[i];
    }
    if (best) {
      out.insert(out.end(), best->begin(), best->end());
    } else {
      out.push_back({pointer, "must be " + expected});
    }
  }

  // Kestra's plugin lists: the `type` value selects the definition (PluginDeserializer, 0.21).
  void dispatch(const SchemaNode& node, const json& value, std::string& pointer, std::vector<Violation>& out) {
    auto type = value.find("type");
    if (type == value.end() || type->is_null()) {
      out.push_back({pointer, "Invalid type: <null>"});
      return;
    }
    std::string name = type->is_string() ? type->get<std::string>() : type->dump();
    auto branch = node.discriminator.find(name);
    if (!type->is_string() || branch == node.discriminator.end()) {
      out.push_back({pointer + "/type", "Invalid type: " + name});
      return;
    }
    if (dispatched_ && speculative_ == 0) dispatched_->insert(&value);
    validate(branch->second, value, pointer, out);
  }

  const CompiledSchema& schema_;
  std::unordered_set<const json*>* dispatched_;
  std::vector<std::pair<NodeId, const json*>> refStack_;
  int depth_ = 0;
  int speculative_ = 0;
};

}  // namespace

std::vector<Violation> JsonSchema::validate(const nlohmann::json& instance) const { return validate(instance, {}); }

std::vector<Violation> JsonSchema::validate(const nlohmann::json& instance, const ValidationScope& scope) const {
  std::string schemaPointer;
  for (const auto& token : pointerTokens(scope.schemaPointer)) schemaPointer += "/" + escapePointerToken(token);
  auto start = compiled_->byPointer.find(schemaPointer);
  if (start == compiled_->byPointer.end()) {
    throw std::invalid_argument("no compiled schema at \"#" + scope.schemaPointer + "\" (add it to entryPoints)");
  }
  std::vector<Violation> out;
  std::string pointer = scope.instancePointer;
  Validator(*compiled_, scope.dispatched).validate(start->second, instance, pointer, out);
  return out;
}

}  // namespace kcicd::schema
