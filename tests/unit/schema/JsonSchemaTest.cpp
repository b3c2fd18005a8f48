#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers.hpp>

#include "ViolationOutput.h"

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "schema/JsonSchema.h"

using kcicd::schema::CompileOptions;
using kcicd::schema::JsonSchema;
using kcicd::schema::ValidationScope;
using kcicd::schema::Violation;
using nlohmann::json;

namespace {

std::vector<Violation> check(const json& schema, const json& instance, bool kestra = false) {
  CompileOptions options;
  options.kestra = kestra;
  return JsonSchema::compile(schema, options).validate(instance);
}

std::string compileError(const json& schema) {
  try {
    JsonSchema::compile(schema);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("violations carry RFC 6901 pointers and readable messages", "[json-schema]") {
  json schema = json::parse(R"({"type": "object", "required": ["id"], "properties": {
    "a/b": {"type": "integer", "minimum": 2},
    "m~n": {"enum": ["A", "B", 3]},
    "list": {"type": "array", "items": {"type": "string", "maxLength": 2}, "maxItems": 2, "uniqueItems": true},
    "c": {"const": {"k": 1}},
    "n": {"type": "number", "exclusiveMaximum": 1.5, "multipleOf": 0.5},
    "s": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2}}})");
  json instance = json::parse(R"({"a/b": 1, "m~n": "C", "list": ["abc", "abc", "x"], "c": {"k": 2}, "n": 1.5, "s": "X"})");
  std::vector<Violation> expected = {
      {"", "id: must not be null"},
      {"/a~1b", "must be greater than or equal to 2"},
      {"/c", "must be equal to {\"k\":1}"},
      {"/list/0", "size must be between 0 and 2"},
      {"/list/1", "size must be between 0 and 2"},
      {"/list", "size must be between 0 and 2"},
      {"/list", "must not contain duplicates (items 0 and 1 are equal)"},
      {"/m~0n", "must be one of [A, B, 3]"},
      {"/n", "must be less than 1.5"},
      {"/s", "size must be between 2 and 2147483647"},
      {"/s", "must match \"^[a-z]+$\""},
  };
  CHECK(check(schema, instance) == expected);
  CHECK(check(schema, json::parse(R"({"id": 1, "n": 1.0, "s": "ab", "list": ["a"]})")).empty());
  CHECK(check(schema, "text") == std::vector<Violation>{{"", "must be object"}});
  CHECK(check({{"type", {"string", "null"}}}, 1) == std::vector<Violation>{{"", "must be null or string"}});
}

TEST_CASE("anyOf/oneOf failures report the branch the value was meant for", "[json-schema]") {
  json schema = json::parse(R"({"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^x"}]})");
  CHECK(check(schema, "y") == std::vector<Violation>{{"", "must match \"^x\""}});
  CHECK(check(schema, true) == std::vector<Violation>{{"", "must be integer or string"}});
  json overlap = json::parse(R"({"oneOf": [{"type": "string"}, {"minLength": 1}]})");
  CHECK(check(overlap, "a") ==
        std::vector<Violation>{{"", "must be valid against exactly one schema in `oneOf`, but is valid against 2"}});
  CHECK(check(overlap, "a", true).empty());  // Kestra's oneOf is a renamed anyOf
}

TEST_CASE("compile rejects what the subset does not support, naming the keyword", "[json-schema]") {
  CHECK(compileError({{"$ref", "http://example.com/s.json"}}).rfind("$ref:", 0) == 0);
  CHECK(compileError({{"$ref", "#foo"}}).rfind("$ref:", 0) == 0);
  CHECK(compileError({{"$ref", "#/definitions/none"}}).rfind("$ref:", 0) == 0);
  CHECK(compileError({{"type", "text"}}).rfind("type:", 0) == 0);
  CHECK(compileError({{"minLength", -1}}).rfind("minLength:", 0) == 0);
  CHECK(compileError({{"exclusiveMinimum", true}}).rfind("exclusiveMinimum:", 0) == 0);
  CHECK(compileError({{"allOf", json::array()}}).rfind("allOf:", 0) == 0);
  CHECK(compileError({{"properties", {{"a", 3}}}}).rfind("schema:", 0) == 0);
  CHECK(compileError({{"pattern", 3}}).rfind("pattern:", 0) == 0);
  // unknown keywords and annotations, Kestra's included, are ignored
  CHECK(compileError(json::parse(R"({"$dynamic": true, "$deprecated": "true", "markdownDescription": "x",
                                     "format": "duration", "$comment": "c", "title": "t", "default": 1})"))
            .empty());
}

TEST_CASE("$ref cycles terminate and deep nesting is bounded", "[json-schema]") {
  CHECK(check({{"$ref", "#"}}, {1, 2}).empty());
  json loop = json::parse(R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                              "$ref": "#/definitions/a"})");
  CHECK(check(loop, "x").empty());
  json tree = json::parse(R"({"type": "array", "items": {"$ref": "#"}, "maxItems": 1})");
  json deep = json::array();
  for (int i = 0; i < 2000; ++i) deep = json::array({deep});
  auto violations = check(tree, deep);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].message == "is nested deeper than 512 levels");
  json shallow = json::array({json::array({json::array()})});
  CHECK(check(tree, shallow).empty());
  shallow[0].push_back(1);
  CHECK(check(tree, shallow) == std::vector<Violation>{{"/0/1", "must be array"}, {"/0", "size must be between 0 and 1"}});
}

TEST_CASE("Kestra mode: closed objects, null as absent, allOf names merged", "[json-schema]") {
  json schema = json::parse(R"({"definitions": {
      "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
      "Thing-2": {"allOf": [{"$ref": "#/definitions/Base"}, {"properties": {"size": {"type": "integer"}}}]}},
    "type": "object", "properties": {"thing": {"$ref": "#/definitions/Thing-2"}, "map": {"type": "object"}},
    "required": ["thing"]})");
  json instance = json::parse(R"({"thing": {"id": "a", "size": 2, "other": 1}, "map": {"free": 1}, "extra": 2})");
  CHECK(check(schema, instance).empty());  // standard JSON Schema: objects are open
  CHECK(check(schema, instance, true) == std::vector<Violation>{{"/extra", "Unrecognized field \"extra\""},
                                                                {"/thing/other", "Unrecognized field \"other\" (class Thing)"}});
  CHECK(check(schema, json::parse(R"({"thing": null})"), true) == std::vector<Violation>{{"", "thing: must not be null"}});
  CHECK(check(schema, json::parse(R"({"thing": {"id": null}})"), true).empty());
  CHECK(check(schema, json::parse(R"({"thing": {"id": null}})")) == std::vector<Violation>{{"/thing/id", "must be string"}});
  json level = json::parse(R"({"type": "string", "enum": ["1", "2"]})");
  CHECK(check(level, 1, true).empty());  // Jackson coerces the scalar to "1"
  CHECK(check(level, 3, true) == std::vector<Violation>{{"", "must be one of [1, 2]"}});
  CHECK(check(level, 1) == std::vector<Violation>{{"", "must be string"}});
}

TEST_CASE("validation can start at an entry point and prefix pointers", "[json-schema]") {
  json document = json::parse(R"({"definitions": {"a/b": {"type": "string"}}, "type": "object"})");
  CompileOptions options;
  options.entryPoints = {"/definitions/a~1b"};
  auto schema = JsonSchema::compile(document, options);
  CHECK(schema.validate(1, ValidationScope{"/definitions/a~1b", "/x/0", nullptr}) ==
        std::vector<Violation>{{"/x/0", "must be string"}});
  CHECK(schema.validate(1) == std::vector<Violation>{{"", "must be object"}});
  CHECK_THROWS_AS(schema.validate(1, ValidationScope{"/definitions/other", "", nullptr}), std::invalid_argument);
  options.entryPoints = {"/definitions/none"};
  CHECK_THROWS_WITH(JsonSchema::compile(document, options), "entryPoints: no schema at \"#/definitions/none\" (schema location \"#/definitions/none\")");
}

TEST_CASE("a type-discriminated union dispatches on `type` and records the objects", "[json-schema]") {
  json document = json::parse(R"({"definitions": {
      "A": {"type": "object", "properties": {"type": {"const": "a"}, "n": {"type": "integer"}}, "required": ["type"]},
      "B": {"type": "object", "properties": {"type": {"enum": ["b", "b-alias"]}, "s": {"type": "string"}}, "required": ["type"]}},
    "type": "array", "items": {"anyOf": [{"$ref": "#/definitions/A"}, {"$ref": "#/definitions/B"}]}})");
  auto schema = JsonSchema::compile(document);
  json list = json::parse(R"([{"type": "a", "n": 1}, {"type": "b-alias", "s": 2}, {"type": "c"}, {"n": 1}])");
  std::unordered_set<const json*> dispatched;
  auto violations = schema.validate(list, ValidationScope{"", "", &dispatched});
  CHECK(violations == std::vector<Violation>{{"/1/s", "must be string"},
                                             {"/2/type", "Invalid type: c"},
                                             {"/3", "Invalid type: <null>"}});
  CHECK(dispatched == std::unordered_set<const json*>{&list[0], &list[1]});
}
