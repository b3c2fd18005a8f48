#pragma once
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace kcicd::schema {

// One failed constraint: where in the instance (RFC 6901 pointer) and why, in Kestra's words.
struct Violation {
  std::string pointer;
  std::string message;
};

inline bool operator==(const Violation& a, const Violation& b) {
  return a.pointer == b.pointer && a.message == b.message;
}

struct CompileOptions {
  // Read the document the way Kestra reads its own generated schema (PluginSchema sets it):
  // - `pattern` is matched against the whole string (Java Matcher.matches(), Kestra's @Pattern);
  // - an object schema that declares `properties` and says nothing about additionalProperties or
  //   patternProperties rejects other names (Jackson FAIL_ON_UNKNOWN_PROPERTIES, YamlParser.java);
  // - `oneOf` is read as `anyOf`: the generator renames every anyOf to oneOf (replaceAnyOfWithOneOf,
  //   JsonSchemaGenerator.java, 0.21), so overlapping branches are not an error in Kestra;
  // - the dynamic-expression pattern `.*{{.*}}.*` matches any text holding `{{ … }}`, across lines;
  // - a property set to null counts as absent; scalars are coerced as Jackson does (number/boolean →
  //   string, checked as text; numeric string → number; "true"/"false" → boolean).
  bool kestra = false;
  // Extra subschemas (JSON pointers into the document, e.g. "/definitions/x") that validate() may
  // start from; the root is always compiled.
  std::vector<std::string> entryPoints;
};

// Where to start and how to report, for validating a part of a larger document.
struct ValidationScope {
  std::string schemaPointer;    // one of CompileOptions::entryPoints, "" for the root
  std::string instancePointer;  // location of the instance in its document; prefixes every pointer
  // Receives every object that a `type`-discriminated anyOf/oneOf (Kestra's task and trigger lists)
  // dispatched to its definition, so a caller walking the document can skip them.
  std::unordered_set<const nlohmann::json*>* dispatched = nullptr;
};

struct CompiledSchema;

// A JSON Schema draft-07 subset, compiled once and validated many times.
//
// Keywords: type, enum, const, properties, required, additionalProperties, patternProperties,
// propertyNames, dependencies, minProperties, maxProperties, items (schema and array), additionalItems,
// contains, minItems, maxItems, uniqueItems, minLength, maxLength (code points), pattern,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, allOf, anyOf, oneOf, not,
// if/then/else, $ref (local: "#", "#/definitions/x", any "#/…" pointer; siblings ignored as in
// draft-07), boolean schemas. Annotations and unknown keywords are ignored (title, description,
// default, examples, $comment, $schema, $id, format, Kestra's $dynamic, $deprecated, $beta,
// markdownDescription, …). Patterns: see Pattern.h (PCRE2; a value that cannot be checked is reported).
//
// compile() throws std::invalid_argument naming the keyword for a malformed keyword value, a `$ref`
// that is not a local "#/…" pointer (remote or $id-based references are not supported) or that points
// nowhere. Validation terminates on `$ref` cycles and stops at a nesting depth of kMaxDepth.
class JsonSchema {
 public:
  static constexpr int kMaxDepth = 512;

  static JsonSchema compile(const nlohmann::json& schemaDocument);
  static JsonSchema compile(const nlohmann::json& schemaDocument, const CompileOptions& options);

  std::vector<Violation> validate(const nlohmann::json& instance) const;
  std::vector<Violation> validate(const nlohmann::json& instance, const ValidationScope& scope) const;

 private:
  explicit JsonSchema(std::shared_ptr<const CompiledSchema> compiled) : compiled_(std::move(compiled)) {}
  std::shared_ptr<const CompiledSchema> compiled_;
};

}  // namespace kcicd::schema
