#pragma once
// YAML scalar resolution, conversion of a YamlDocument to JSON (for schema checks) and JSON pointers back
// to nodes (to give schema violations a line and column).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "YamlTree.h"

namespace kcicd::flow {

// What a scalar is once YAML's core schema resolves it. Quoted scalars are always strings.
enum class ScalarType { Null, String, Boolean, Integer, Float };
ScalarType resolveScalar(const NodeRef& node);
// true/false spellings of the YAML 1.2 core schema (true, True, TRUE…).
bool parseBoolean(std::string_view text, bool& value);

nlohmann::json toJson(const NodeRef& node);

// The node a pointer designates, or the deepest existing node on its way (never null for a valid root).
NodeRef findByPointer(const NodeRef& root, std::string_view pointer);
// "/tasks/0/format" → "tasks[0].format" (Kestra's path style).
std::string pointerToPath(std::string_view pointer);

}  // namespace kcicd::flow
