#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kcicd::schema {

// Number of Unicode code points in UTF-8 text (JSON Schema counts lengths in code points).
std::size_t codePointCount(std::string_view utf8);

// UTF-8 → UTF-32 (wchar_t is 32 bits on the platforms we build for); invalid bytes become U+FFFD.
std::wstring toWide(std::string_view utf8);

}  // namespace kcicd::schema
