#include "runtime/Suggest.h"

#include <catch2/catch_test_macros.hpp>

using namespace kcicd;

TEST_CASE("edit distance counts inserts, deletes, substitutions and swaps", "[suggest]") {
  CHECK(editDistance("local", "local") == 0);
  CHECK(editDistance("locl", "local") == 1);
  CHECK(editDistance("mesage", "message") == 1);
  CHECK(editDistance("mesasge", "message") == 1);  // two neighbours swapped
  CHECK(editDistance("", "abc") == 3);
  CHECK(editDistance("kitten", "sitting") == 3);
}

TEST_CASE("the closest candidate is suggested only when it looks like a typo", "[suggest]") {
  std::vector<std::string> flags{"--local", "--format", "--server", "--tenant", "--max-depth"};
  CHECK(closestMatch("--locl", flags) == "--local");
  CHECK(closestMatch("--fromat", flags) == "--format");
  CHECK(closestMatch("--tenatn", flags) == "--tenant");
  CHECK_FALSE(closestMatch("--verbose", flags));
  CHECK_FALSE(closestMatch("--x", flags));
  CHECK_FALSE(closestMatch("--local", flags));  // not a typo: nothing to suggest
  CHECK(closestMatch("mesage", {"id", "type", "message", "level"}) == "message");
  CHECK_FALSE(closestMatch("ab", {"id", "type"}));  // 2 edits on a short word: not suggested
  CHECK(closestMatch("valdate", {"validate", "revisions", "rollback", "namespace"}) == "validate");
}
