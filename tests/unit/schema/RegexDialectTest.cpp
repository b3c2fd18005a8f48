// schema/RegexDialect: Java and ECMA-262 patterns rewritten for PCRE2.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>

#include "schema/RegexDialect.h"

using kcicd::schema::RegexDialect;
using kcicd::schema::toPcre2;
using Catch::Matchers::ContainsSubstring;

namespace {

std::string translate(std::string_view source, RegexDialect dialect) {
  std::string why;
  std::string out = toPcre2(source, dialect, why);
  return why.empty() ? out : "unsupported: " + why;
}

std::string java(std::string_view source) { return translate(source, RegexDialect::Java); }
std::string ecma(std::string_view source) { return translate(source, RegexDialect::Ecma262); }

}  // namespace

TEST_CASE("Java-only syntax is mapped to PCRE2 or reported as unsupported", "[regex-dialect]") {
  CHECK(java("\\p{javaLowerCase}") == "\\p{Lowercase}");
  CHECK(java("\\P{javaLowerCase}") == "\\P{Lowercase}");
  CHECK(java("\\p{Alpha}") == "[a-zA-Z]");
  CHECK(java("\\P{Alpha}") == "[^a-zA-Z]");
  CHECK(java("[\\p{Alpha}_]") == "[a-zA-Z_]");
  CHECK(java("\\p{IsAlphabetic}") == "\\p{Alphabetic}");
  CHECK(java("\\p{IsLu}") == "\\p{Lu}");
  CHECK(java("\\pL") == "\\p{L}");
  CHECK(java("\\u00e9") == "\\x{00e9}");
  CHECK(java("\\Q[\\p{x}\\E") == "\\Q[\\p{x}\\E");
  CHECK(java("[]a]") == "[\\]a]");
  CHECK_THAT(java("[a-z&&[^aeiou]]"), ContainsSubstring("unsupported: "));
  CHECK_THAT(java("[a[b]]"), ContainsSubstring("union"));
  CHECK_THAT(java("\\p{InGreek}"), ContainsSubstring("Unicode blocks"));
  CHECK_THAT(java("(?U)\\w+"), ContainsSubstring("inline flags"));
  CHECK_THAT(java("[^\\P{Alpha}]"), ContainsSubstring("negated"));
}

TEST_CASE("ECMA-262 escapes PCRE2 reads otherwise are rewritten", "[regex-dialect]") {
  CHECK(ecma("\\Z\\y") == "Zy");  // Annex B identity escapes
  CHECK(ecma("\\d\\w\\b") == "\\d\\w\\b");
  CHECK(ecma("\\v") == "\\x{0B}");
  CHECK(ecma("\\u00e9\\u{1F600}") == "\\x{00e9}\\x{1F600}");
  CHECK(ecma("\\x4") == "x4");       // not two hex digits: a plain "x"
  CHECK(ecma("[[:a]") == "[\\[:a]");  // a `[` in a class is a literal, never a POSIX class
  CHECK_THAT(ecma("\\s"), ContainsSubstring("\\x{A0}"));
  CHECK(ecma(".*{{.*}}.*") == ".*{{.*}}.*");  // Annex B braces need no rewriting in PCRE2
}
