#pragma once
// The one UTF-8 decoder of the project (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
#include <cstddef>
#include <string>
#include <string_view>

namespace kcicd::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Length (1–4) of the valid UTF-8 sequence that starts at text[i], or 0 when the bytes there are not one.
std::size_t sequenceLength(std::string_view text, std::size_t i);

// The code point at text[i], advancing i past it; an invalid byte is U+FFFD and advances i by one
// (what Java's decoder does, so a value reads as it reaches Kestra).
char32_t decode(std::string_view text, std::size_t& i);

// Whether every byte of `text` belongs to a valid sequence.
bool isValid(std::string_view text);

// `text` with every invalid byte replaced by U+FFFD (valid text is returned unchanged).
std::string sanitize(std::string_view text);

// Number of code points, an invalid byte counting as one (JSON Schema counts lengths in code points).
std::size_t codePointCount(std::string_view text);

// Number of UTF-16 code units (Java's String.length(), which @Size counts).
std::size_t utf16Length(std::string_view text);

// The UTF-8 encoding of a code point (U+FFFD for a surrogate or a value past U+10FFFF).
std::string encode(char32_t cp);

inline bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace kcicd::utf8
