#pragma once
// The two regular-expression dialects a pattern can be written in, rewritten for PCRE2 (8-bit, UTF mode,
// no PCRE2_UCP: `\d`, `\w`, `\b` stay ASCII as in Java and ECMA-262 without the u flag).
#include <string>
#include <string_view>

namespace kcicd::schema {

enum class RegexDialect {
  Java,      // java.util.regex.Pattern: Kestra's @Pattern and its generated plugin schemas
  Ecma262,   // JSON Schema `pattern` (draft-07 §4.3: ECMA-262)
};

// The PCRE2 text of `source`. Java: `\p{…}`/`\P{…}` classes PCRE2 lacks (POSIX `\p{Alpha}`, `\p{javaLowerCase}`,
// `\p{IsAlphabetic}`, …) spelled with PCRE2 properties, `\uXXXX` as `\x{XXXX}`. ECMA-262: identity escapes of
// letters (`\Z` is "Z"), `\v`, `\uXXXX` and the Unicode `\s`. On syntax with no PCRE2 equivalent (Java class
// unions and intersections, Unicode blocks, `(?U)`, `\N{…}`, …) returns "" and says why in `unsupported`.
std::string toPcre2(std::string_view source, RegexDialect dialect, std::string& unsupported);

}  // namespace kcicd::schema
