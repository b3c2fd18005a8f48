#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::schema {

// RFC 6901 JSON pointers, used both for the instance locations we report and for `$ref` targets.

// Escapes one reference token ("~" → "~0", "/" → "~1").
std::string escapePointerToken(std::string_view token);

// Splits a pointer ("" or "/a/b~1c") into unescaped tokens; throws std::invalid_argument when malformed.
std::vector<std::string> pointerTokens(std::string_view pointer);

}  // namespace kcicd::schema
