#pragma once
// Internal: the compiled form of a JSON Schema document (JsonSchema.cpp builds it, Validation.cpp
// walks it). Each (sub)schema is a SchemaNode addressed by its index; `$ref`s hold the index of their
// target, so cycles are plain back-edges.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/Pattern.h"

namespace kcicd::schema {

using NodeId = int;
constexpr NodeId kNoNode = -1;

enum TypeBits : unsigned {
  kNull = 1, kBoolean = 2, kObject = 4, kArray = 8, kNumber = 16, kString = 32, kInteger = 64,
};

struct SchemaNode {
  enum class Kind { AlwaysValid, NeverValid, Schema } kind = Kind::Schema;
  std::string pointer;  // location in the schema document, for messages and debugging

  NodeId ref = kNoNode;  // draft-07: a `$ref` makes every sibling keyword ignored
  std::string refText;

  unsigned types = 0;  // TypeBits; 0 = any
  std::optional<std::vector<nlohmann::json>> enumValues;
  std::optional<nlohmann::json> constValue;

  std::map<std::string, NodeId> properties;
  std::vector<std::string> required;
  NodeId additionalProperties = kNoNode;
  bool hasAdditionalProperties = false;
  std::vector<std::pair<const Pattern*, NodeId>> patternProperties;
  NodeId propertyNames = kNoNode;
  std::map<std::string, std::vector<std::string>> propertyDependencies;
  std::map<std::string, NodeId> schemaDependencies;
  std::optional<std::uint64_t> minProperties, maxProperties;

  NodeId items = kNoNode;              // items: schema
  std::vector<NodeId> itemsArray;      // items: [schemas]
  bool itemsIsArray = false;
  NodeId additionalItems = kNoNode;
  NodeId contains = kNoNode;
  std::optional<std::uint64_t> minItems, maxItems;
  bool uniqueItems = false;

  std::optional<std::uint64_t> minLength, maxLength;
  const Pattern* pattern = nullptr;

  std::optional<double> minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf;

  std::vector<NodeId> allOf, anyOf, oneOf;
  NodeId notSchema = kNoNode, ifSchema = kNoNode, thenSchema = kNoNode, elseSchema = kNoNode;

  // Kestra: an object that rejects names it does not declare (CompileOptions::kestra), and the class
  // named in "Unrecognized field" messages (the `type` const of a plugin, else the definition name).
  bool closed = false;
  std::string className;

  // anyOf/oneOf whose branches are all objects requiring a distinct `type` const/enum (Kestra's task
  // and trigger lists): `type` value → branch, so one definition is checked instead of hundreds.
  std::unordered_map<std::string, NodeId> discriminator;
};

struct CompiledSchema {
  std::vector<SchemaNode> nodes;
  std::unordered_map<std::string, NodeId> byPointer;  // compiled subschemas by document pointer
  std::vector<std::unique_ptr<Pattern>> patterns;      // compiled once, shared by equal sources
  bool kestra = false;
};

}  // namespace kcicd::schema
