#include "schema/JsonSchema.h"

#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include "schema/CompiledSchema.h"
#include "runtime/PercentDecode.h"
#include "schema/JsonPointer.h"

namespace kcicd::schema {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& keyword, const std::string& pointer, const std::string& why) {
  throw std::invalid_argument(keyword + ": " + why + " (schema location \"#" + pointer + "\")");
}

std::string joinPointer(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) out += "/" + escapePointerToken(token);
  return out;
}

// Builds the node graph. Subschemas are compiled on demand and memoised by document pointer, so a
// `$ref` cycle is a back-edge and `definitions` nobody references are never compiled.
class Compiler {
 public:
  Compiler(const json& document, const CompileOptions& options)
      : document_(document), options_(options), out_(std::make_shared<CompiledSchema>()) {
    out_->kestra = options.kestra;
  }

  std::shared_ptr<CompiledSchema> run() {
    compileAt("");
    for (const auto& entry : options_.entryPoints) compileAt(normalise(entry, "entryPoints", ""), "entryPoints");
    while (!pendingRefs_.empty()) {
      auto [id, target] = pendingRefs_.back();
      pendingRefs_.pop_back();
      out_->nodes[id].ref = compileAt(target);
    }
    for (std::size_t id = 0; id < out_->nodes.size(); ++id) buildDiscriminator(static_cast<NodeId>(id));
    return out_;
  }

 private:
  std::string normalise(const std::string& pointer, const std::string& keyword, const std::string& at) {
    try {
      return joinPointer(pointerTokens(pointer));
    } catch (const std::invalid_argument& e) {
      fail(keyword, at, e.what());
    }
  }

  NodeId compileAt(const std::string& pointer, const char* keyword = "$ref") {
    if (auto found = out_->byPointer.find(pointer); found != out_->byPointer.end()) return found->second;
    const json* at = &document_;
    for (const auto& token : pointerTokens(pointer)) {
      if (at->is_object() && at->contains(token)) {
        at = &(*at)[token];
      } else if (at->is_array() && !token.empty() && token.size() < 10 &&
                 token.find_first_not_of("0123456789") == std::string::npos && std::stoull(token) < at->size()) {
        at = &(*at)[std::stoull(token)];
      } else {
        fail(keyword, pointer, "no schema at \"#" + pointer + "\"");
      }
    }
    return compileNode(*at, pointer);
  }

  std::vector<NodeId> schemaArray(const json& value, const char* keyword, const std::string& pointer) {
    if (!value.is_array() || value.empty()) fail(keyword, pointer, "must be a non-empty array of schemas");
    std::vector<NodeId> ids;
    for (std::size_t i = 0; i < value.size(); ++i) {
      ids.push_back(compileAt(pointer + "/" + keyword + "/" + std::to_string(i)));
    }
    return ids;
  }

  static std::uint64_t count(const json& value, const char* keyword, const std::string& pointer) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::uint64_t>();
    if (value.is_number_float()) {
      double d = value.get<double>();
      if (d >= 0 && std::floor(d) == d && d < 1.8e19) return static_cast<std::uint64_t>(d);
    }
    fail(keyword, pointer, "must be a non-negative integer");
  }

  static double number(const json& value, const char* keyword, const std::string& pointer) {
    if (!value.is_number()) fail(keyword, pointer, "must be a number");
    return value.get<double>();
  }

  const Pattern* pattern(const json& value, const char* keyword, const std::string& pointer) {
    if (!value.is_string()) fail(keyword, pointer, "must be a string (a regular expression)");
    const auto& source = value.get_ref<const std::string&>();
    auto found = patternCache_.find(source);
    if (found != patternCache_.end()) return found->second;
    out_->patterns.push_back(std::make_unique<Pattern>(source, options_.kestra));
    return patternCache_[source] = out_->patterns.back().get();
  }

  static unsigned typeBit(const json& name, const std::string& pointer) {
    static const std::pair<const char*, unsigned> names[] = {
        {"null", kNull},     {"boolean", kBoolean}, {"object", kObject}, {"array", kArray},
        {"number", kNumber}, {"string", kString},   {"integer", kInteger}};
    if (name.is_string()) {
      for (const auto& [text, bit] : names) {
        if (name == text) return bit;
      }
    }
    fail("type", pointer, "unknown type " + name.dump());
  }

  NodeId compileNode(const json& schema, const std::string& pointer) {
    auto id = static_cast<NodeId>(out_->nodes.size());
    out_->nodes.emplace_back();
    out_->byPointer[pointer] = id;
    SchemaNode node;
    node.pointer = pointer;
    if (schema.is_boolean()) {
      node.kind = schema.get<bool>() ? SchemaNode::Kind::AlwaysValid : SchemaNode::Kind::NeverValid;
      out_->nodes[id] = std::move(node);
      return id;
    }
    if (!schema.is_object()) fail("schema", pointer, "a schema must be an object or a boolean");

    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      if (!ref->is_string()) fail("$ref", pointer, "must be a string");
      const auto& text = ref->get_ref<const std::string&>();
      std::string fragment = text.empty() || text.front() != '#' ? std::string() : percentDecode(text.substr(1));
      if (text.empty() || text.front() != '#' || (!fragment.empty() && fragment.front() != '/')) {
        fail("$ref", pointer, "only local JSON-pointer references (\"#\", \"#/definitions/x\") are supported, not \"" +
                                  text + "\"");
      }
      node.refText = text;
      pendingRefs_.emplace_back(id, normalise(fragment, "$ref", pointer));
      out_->nodes[id] = std::move(node);
      return id;  // draft-07: sibling keywords of $ref are ignored
    }

    for (const auto& [keyword, value] : schema.items()) {
      const std::string& k = keyword;
      const char* kw = k.c_str();
      std::string here = pointer + "/" + escapePointerToken(k);
      if (k == "type") {
        if (value.is_array()) {
          for (const auto& name : value) node.types |= typeBit(name, pointer);
        } else {
          node.types = typeBit(value, pointer);
        }
      } else if (k == "enum") {
        if (!value.is_array()) fail(k, pointer, "must be an array");
        node.enumValues = std::vector<json>(value.begin(), value.end());
      } else if (k == "const") {
        node.constValue = value;
      } else if (k == "properties" || k == "patternProperties" || k == "dependencies") {
        if (!value.is_object()) fail(k, pointer, "must be an object");
        for (const auto& [name, sub] : value.items()) {
          std::string at = here + "/" + escapePointerToken(name);
          if (k == "properties") {
            node.properties[name] = compileAt(at);
          } else if (k == "patternProperties") {
            node.patternProperties.emplace_back(pattern(json(name), kw, pointer), compileAt(at));
          } else if (sub.is_array()) {
            for (const auto& required : sub) {
              if (!required.is_string()) fail(k, pointer, "property lists must hold strings");
              node.propertyDependencies[name].push_back(required.get<std::string>());
            }
          } else {
            node.schemaDependencies[name] = compileAt(at);
          }
        }
      } else if (k == "required") {
        if (!value.is_array()) fail(k, pointer, "must be an array of strings");
        for (const auto& name : value) {
          if (!name.is_string()) fail(k, pointer, "must be an array of strings");
          node.required.push_back(name.get<std::string>());
        }
      } else if (k == "additionalProperties") {
        node.hasAdditionalProperties = true;
        node.additionalProperties = compileAt(here);
      } else if (k == "propertyNames") {
        node.propertyNames = compileAt(here);
      } else if (k == "minProperties") {
        node.minProperties = count(value, kw, pointer);
      } else if (k == "maxProperties") {
        node.maxProperties = count(value, kw, pointer);
      } else if (k == "items") {
        if (value.is_array()) {
          node.itemsIsArray = true;
          for (std::size_t i = 0; i < value.size(); ++i) node.itemsArray.push_back(compileAt(here + "/" + std::to_string(i)));
        } else {
          node.items = compileAt(here);
        }
      } else if (k == "additionalItems") {
        node.additionalItems = compileAt(here);
      } else if (k == "contains") {
        node.contains = compileAt(here);
      } else if (k == "minItems") {
        node.minItems = count(value, kw, pointer);
      } else if (k == "maxItems") {
        node.maxItems = count(value, kw, pointer);
      } else if (k == "uniqueItems") {
        if (!value.is_boolean()) fail(k, pointer, "must be a boolean");
        node.uniqueItems = value.get<bool>();
      } else if (k == "minLength") {
        node.minLength = count(value, kw, pointer);
      } else if (k == "maxLength") {
        node.maxLength = count(value, kw, pointer);
      } else if (k == "pattern") {
        node.pattern = pattern(value, kw, pointer);
      } else if (k == "minimum") {
        node.minimum = number(value, kw, pointer);
      } else if (k == "maximum") {
        node.maximum = number(value, kw, pointer);
      } else if (k == "exclusiveMinimum") {
        if (value.is_boolean()) fail(k, pointer, "the draft-04 boolean form is not supported");
        node.exclusiveMinimum = number(value, kw, pointer);
      } else if (k == "exclusiveMaximum") {
        if (value.is_boolean()) fail(k, pointer, "the draft-04 boolean form is not supported");
        node.exclusiveMaximum = number(value, kw, pointer);
      } else if (k == "multipleOf") {
        node.multipleOf = number(value, kw, pointer);
        if (*node.multipleOf <= 0) fail(k, pointer, "must be greater than 0");
      } else if (k == "allOf") {
        node.allOf = schemaArray(value, kw, pointer);
      } else if (k == "anyOf") {
        node.anyOf = schemaArray(value, kw, pointer);
      } else if (k == "oneOf") {
        node.oneOf = schemaArray(value, kw, pointer);
      } else if (k == "not") {
        node.notSchema = compileAt(here);
      } else if (k == "if") {
        node.ifSchema = compileAt(here);
      } else if (k == "then") {
        node.thenSchema = compileAt(here);
      } else if (k == "else") {
        node.elseSchema = compileAt(here);
      }
      // Anything else is an annotation or a keyword outside the subset that asserts nothing here.
    }

    if (options_.kestra) {
      node.closed = !node.properties.empty() && !node.hasAdditionalProperties && node.patternProperties.empty();
      if (auto type = node.properties.find("type"); type != node.properties.end()) {
        const auto& typeNode = out_->nodes[type->second];
        if (typeNode.constValue && typeNode.constValue->is_string()) node.className = typeNode.constValue->get<std::string>();
      }
      static const std::string kDefinitions = "/definitions/";
      if (node.className.empty() && pointer.rfind(kDefinitions, 0) == 0 &&
          pointer.find('/', kDefinitions.size()) == std::string::npos) {
        node.className = pointerTokens(pointer).back();
        // "Constant-2" / "Constant-1": the generator's two definitions of one class (type-info wrapper).
        auto dash = node.className.find_last_of('-');
        if (dash != std::string::npos && dash + 1 < node.className.size() &&
            node.className.find_first_not_of("0123456789", dash + 1) == std::string::npos) {
          node.className.resize(dash);
        }
      }
    }
    out_->nodes[id] = std::move(node);
    return id;
  }

  NodeId deref(NodeId id) const {
    for (int hops = 0; id != kNoNode && out_->nodes[id].ref != kNoNode && hops < 64; ++hops) id = out_->nodes[id].ref;
    return id;
  }

  // anyOf/oneOf over plugin definitions: each branch an object whose `type` is a const (or an enum,
  // e.g. with aliases) and required (Kestra's PluginDeserializer always needs it), all values distinct.
  void buildDiscriminator(NodeId id) {
    auto& node = out_->nodes[id];
    const auto& branches = !node.oneOf.empty() ? node.oneOf : node.anyOf;
    if (branches.empty() || (!node.oneOf.empty() && !node.anyOf.empty())) return;
    std::unordered_map<std::string, NodeId> map;
    for (NodeId branch : branches) {
      const auto& target = out_->nodes[deref(branch)];
      if (target.kind != SchemaNode::Kind::Schema || target.ref != kNoNode) return;
      if (target.types != 0 && target.types != kObject) return;
      auto type = target.properties.find("type");
      if (type == target.properties.end()) return;
      bool required = false;
      for (const auto& name : target.required) required = required || name == "type";
      if (!required && !options_.kestra) return;
      const auto& typeNode = out_->nodes[deref(type->second)];
      std::vector<json> tags;
      if (typeNode.constValue) tags.push_back(*typeNode.constValue);
      else if (typeNode.enumValues) tags = *typeNode.enumValues;
      if (tags.empty()) return;
      for (const auto& tag : tags) {
        if (!tag.is_string() || !map.emplace(tag.get<std::string>(), branch).second) return;
      }
    }
    node.discriminator = std::move(map);
  }

  const json& document_;
  const CompileOptions& options_;
  std::shared_ptr<CompiledSchema> out_;
  std::vector<std::pair<NodeId, std::string>> pendingRefs_;
  std::unordered_map<std::string, const Pattern*> patternCache_;
};

}  // namespace

JsonSchema JsonSchema::compile(const nlohmann::json& schemaDocument) { return compile(schemaDocument, {}); }

JsonSchema JsonSchema::compile(const nlohmann::json& schemaDocument, const CompileOptions& options) {
  return JsonSchema(Compiler(schemaDocument, options).run());
}

}  // namespace kcicd::schema
