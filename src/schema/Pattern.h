#pragma once
#include <cstddef>
#include <regex>
#include <string>
#include <string_view>

namespace kcicd::schema {

// A JSON-Schema `pattern` (ECMA-262 regular expression) matched with std::wregex on UTF-32 text, so
// that `.` and character classes see code points, not bytes.
//
// Rules where std::regex and ECMA-262 differ (documented in JsonSchema.h):
// - Annex B braces: a `{` that does not start a valid quantifier (and a lone `}`) is a literal, as in
//   browsers; the pattern is rewritten with `\{` / `\}` before std::regex compiles it.
// - A pattern std::regex cannot compile (lookbehind, inline flags, …) or would silently misread
//   (`\p{…}`/`\P{…}` Unicode properties; Java's `\A`, `\z`, `\Z` in Kestra mode) is `unsupported()` and accepts every
//   string: a flow Kestra may accept is never rejected on a guess.
// - std::regex backtracks recursively; strings longer than kMaxInput code points are not checked
//   (accepted) so a huge value cannot exhaust the stack.
class Pattern {
 public:
  static constexpr std::size_t kMaxInput = 1024;  // 4096 overflowed the stack under ASan (ctest, -j2)

  // kestra: a Java @Pattern as Kestra applies it: Matcher.matches() (whole string), Java anchors
  // `\A` `\z` `\Z` unsupported, `.*{{.*}}.*` read as "holds an expression". Otherwise JSON Schema's
  // search semantics on an ECMAScript pattern.
  Pattern(std::string source, bool kestra);

  bool matches(std::string_view utf8) const;
  bool supported() const { return supported_; }
  const std::string& source() const { return source_; }

  // The ECMAScript text handed to std::regex: Annex B braces escaped and, when asked, Annex B identity
  // escapes of letters std::regex rejects (`\Z` → `Z`) unescaped. Exposed for tests.
  static std::string annexBBraces(std::string_view pattern, bool letterIdentityEscapes = false);

 private:
  std::string source_;
  bool fullMatch_;
  bool supported_ = false;
  bool kestraDynamic_ = false;
  std::wregex regex_;
};

}  // namespace kcicd::schema
