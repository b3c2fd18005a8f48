// schema::Pattern on PCRE2: Java (Kestra) and ECMA-262 (JSON Schema) dialects, limits, UTF-8, compile-once.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "schema/JsonSchema.h"
#include "schema/Pattern.h"

using kcicd::schema::CompileOptions;
using kcicd::schema::JsonSchema;
using kcicd::schema::Pattern;
using Catch::Matchers::ContainsSubstring;
using Result = Pattern::Result;

TEST_CASE("ECMA-262 patterns: search, Annex B braces and identity escapes, `$` at the very end", "[pattern]") {
  Pattern braces(".*{{.*}}.*", false);  // a `{` that starts no quantifier is a literal, no rewriting needed
  CHECK(braces.supported());
  CHECK(braces.matches("a {{ x }} b"));
  CHECK_FALSE(braces.matches("{{ x \n }}"));  // `.` stops at line ends
  CHECK_FALSE(braces.matches("plain"));
  CHECK(Pattern("^a{2}$", false).matches("aa"));
  CHECK(Pattern("^a{,2}$", false).matches("a{,2}"));    // not a quantifier: a literal
  CHECK(Pattern("^abc\\Z", false).matches("abcZ"));     // `\Z` is a plain "Z"
  CHECK_FALSE(Pattern("^abc\\Z", false).matches("abc\n"));
  CHECK_FALSE(Pattern("^abc$", false).matches("abc\n"));  // ECMA-262: no match before a final newline
  CHECK(Pattern("^\\u00e9$", false).matches("\xC3\xA9"));
  CHECK(Pattern("^\\s$", false).matches("\xC2\xA0"));   // `\s` is Unicode white space in ECMA-262
  CHECK(Pattern("^a[^]b$", false).matches("a\nb"));
  CHECK(Pattern("^\\v$", false).matches("\x0B"));
  CHECK(Pattern("^.$", false).matches("\xF0\x9F\x90\xB2"));  // code points, not bytes
  Pattern search("[0-9]", false), full("[0-9]", true);
  CHECK(search.matches("a1"));
  CHECK_FALSE(full.matches("a1"));
  CHECK(full.matches("1"));
  Pattern kestraBraces(".*{{.*}}.*", true);  // Kestra: any `{{ … }}`, across lines
  CHECK(kestraBraces.matches("{{ x \n }}"));
  CHECK_FALSE(kestraBraces.matches("}} {{"));
}

TEST_CASE("Java \\p{L} and friends match non-ASCII letters", "[pattern]") {
  Pattern labelKey("^[\\p{Ll}][\\p{L}0-9._-]*$", true);  // Kestra's Label.key
  REQUIRE(labelKey.supported());
  CHECK(labelKey.matches("\xC3\xA9quipe"));      // équipe
  CHECK_FALSE(labelKey.matches("\xC3\x89quipe"));  // Équipe
  CHECK(labelKey.matches("team.\xE6\x97\xA5\xE6\x9C\xAC"));  // team.日本
  CHECK_FALSE(labelKey.matches("team name"));
  CHECK(Pattern("\\p{IsAlphabetic}+", true).matches("\xCE\xB1\xCE\xB2"));  // αβ
  CHECK(Pattern("\\p{javaLowerCase}+", true).matches("\xC3\xA9t\xC3\xA9"));
  CHECK_FALSE(Pattern("\\p{Alpha}+", true).matches("\xC3\xA9"));  // POSIX classes are US-ASCII in Java
  CHECK(Pattern("\\p{IsLatin}+", true).matches("\xC3\xA9t\xC3\xA9"));
  CHECK(Pattern("\\w+", true).matches("abc_1"));
  CHECK_FALSE(Pattern("\\w+", true).matches("\xC3\xA9"));  // `\w` stays ASCII, as in Java
}

TEST_CASE("Java patterns: mapped classes match; syntax PCRE2 lacks is unsupported, never accepting", "[pattern]") {
  Pattern type("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
               "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*", true);
  REQUIRE(type.supported());
  CHECK(type.matches("io.kestra.plugin.core.log.Log"));
  CHECK(type.matches("$x.\xC3\xA9t\xC3\xA9"));
  CHECK_FALSE(type.matches("io..Log"));
  CHECK_FALSE(type.matches("1io.Log"));

  Pattern intersection("[a-z&&[^aeiou]]+", true);
  CHECK_FALSE(intersection.supported());
  CHECK(intersection.match("anything") == Result::Unsupported);
  CHECK_FALSE(intersection.matches("anything"));
  CHECK_THAT(intersection.message(Result::Unsupported), ContainsSubstring("cannot be checked against"));
  CHECK(Pattern("(?<=a+)b", true).match("ab") == Result::Unsupported);  // PCRE2 10.42: fixed-length lookbehind
}

TEST_CASE("a catastrophic pattern stops at the match limit, fast, and is reported", "[pattern]") {
  std::string value = std::string(40, 'a') + "!";
  auto start = std::chrono::steady_clock::now();
  CHECK(Pattern("(a+)+$", false).match(value) == Result::TooCostly);
  CHECK(Pattern("(a+)+", true).match(value) == Result::TooCostly);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // about 0.1 s each
  CHECK(Pattern("(a+)+$", false).match(std::string(40, 'a')) == Result::Match);

  auto violations = JsonSchema::compile({{"type", "string"}, {"pattern", "^(a+)+$"}}).validate(value);
  REQUIRE(violations.size() == 1);
  CHECK_THAT(violations[0].message, ContainsSubstring("backtracks catastrophically"));
}

TEST_CASE("values longer than 1024 code points are checked", "[pattern]") {
  Pattern alternation("^(a|b)*$", true);
  CHECK(alternation.match(std::string(5000, 'a')) == Result::Match);
  CHECK(alternation.match(std::string(5000, 'a') + "c") == Result::NoMatch);
  std::string letters;
  for (int i = 0; i < 3000; ++i) letters += "\xC3\xA9";
  CHECK(Pattern("\\p{L}+", true).matches(letters));
  CHECK_FALSE(Pattern("\\p{L}+", true).matches(letters + "1"));
  CHECK(Pattern("^[a-z]*$", false).match(std::string(1'000'000, 'a')) == Result::Match);
}

TEST_CASE("invalid UTF-8 is matched as Java decodes it, one U+FFFD per bad byte", "[pattern]") {
  CHECK(Pattern("^.$", false).matches("\xFF"));
  CHECK(Pattern(".", true).matches("\xC3"));  // truncated sequence
  CHECK_FALSE(Pattern("^[a-z]+$", false).matches("ab\xFF"));
  CHECK_FALSE(Pattern("\\p{L}+", true).matches("ab\xED\xA0\x80"));  // an encoded surrogate
  CHECK(Pattern("^a\\uFFFDb$", false).matches("a\x80" "b"));
  CHECK(Pattern("a\\x{FFFD}b", true).matches("a\x80" "b"));
}

TEST_CASE("a schema compiles each distinct pattern once", "[pattern]") {
  std::size_t before = Pattern::compilations();
  auto schema = JsonSchema::compile(nlohmann::json::parse(R"({"properties": {
      "a": {"pattern": "^x+$"}, "b": {"pattern": "^x+$"}, "c": {"items": {"pattern": "^x+$"}}}})"));
  CHECK(Pattern::compilations() == before + 1);
  for (int i = 0; i < 3; ++i) schema.validate(nlohmann::json::parse(R"({"a": "xx", "b": "y", "c": ["x"]})"));
  CHECK(Pattern::compilations() == before + 1);
}
