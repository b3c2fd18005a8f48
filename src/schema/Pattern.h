#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kcicd::schema {

// A regular expression of a schema (`pattern`, `patternProperties`) or of Kestra's model (@Pattern), compiled
// once with PCRE2 (8-bit, UTF) when constructed, from its dialect (RegexDialect.h):
// - kestra: a Java regex as Kestra applies it, through Bean Validation's PatternValidator, i.e.
//   Matcher.matches(): the whole string (hibernate-validator
//   engine/src/main/java/org/hibernate/validator/internal/constraintvalidators/bv/PatternValidator.java);
//   `.*{{.*}}.*` is read as "holds an expression" (see Pattern.cpp);
// - otherwise JSON Schema's search semantics on an ECMA-262 pattern.
//
// Outcomes of match():
// - Match / NoMatch;
// - Unsupported: the pattern has syntax PCRE2 cannot express (Java class intersections, Unicode blocks, …) or
//   does not compile; no value is checked against it, and the caller reports `unsupportedReason()`;
// - TooCostly: matching backtracked past kMatchLimit steps (a catastrophic pattern such as `(a+)+$` on a long
//   value). Java's backtracking matcher has no limit, so Kestra would stall on the same value (or overflow its
//   stack); the caller reports it as an error rather than pass a value it could not check.
// Values are matched whatever their length; invalid UTF-8 is matched as Java would see it (each bad byte a
// U+FFFD, as new String(bytes, UTF_8) decodes it).
class Pattern {
 public:
  enum class Result { Match, NoMatch, Unsupported, TooCostly };
  static constexpr std::uint32_t kMatchLimit = 1'000'000;  // PCRE2 match() calls; well under a second

  Pattern(std::string source, bool kestra);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  Result match(std::string_view utf8) const;
  bool matches(std::string_view utf8) const { return match(utf8) == Result::Match; }
  bool supported() const { return code_ != nullptr; }
  const std::string& source() const { return source_; }
  const std::string& unsupportedReason() const { return unsupported_; }

  // The violation message for a result other than Match: `must match "…"`, or why the value was not checked.
  std::string message(Result result) const;

  // How many patterns PCRE2 has compiled in this process (tests check that each is compiled once).
  static std::size_t compilations();

 private:
  struct Code;
  std::string source_;
  bool fullMatch_;
  bool kestraDynamic_ = false;
  std::string unsupported_;
  std::unique_ptr<Code> code_;
};

}  // namespace kcicd::schema
