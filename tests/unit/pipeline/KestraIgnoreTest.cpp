#include "pipeline/KestraIgnore.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using kcicd::pipeline::KestraIgnore;

TEST_CASE("KestraIgnore: a name without a slash matches at any depth", "[kestraignore]") {
  KestraIgnore ignore("# comment\n\n*.log\ncache\n");
  CHECK(ignore.ignores("a.log"));
  CHECK(ignore.ignores("deep/er/a.log"));
  CHECK_FALSE(ignore.ignores("a.log.txt"));
  CHECK(ignore.ignores("cache/x.bin"));  // a folder named cache: everything under it
  CHECK(ignore.ignores("sub/cache"));
  CHECK_FALSE(ignore.ignores("cached.txt"));
  CHECK_FALSE(ignore.ignores("# comment"));
}

TEST_CASE("KestraIgnore: a slash anchors the pattern to the folder; a trailing slash means folders only",
          "[kestraignore]") {
  KestraIgnore ignore("/build\ndocs/*.md\ntmp/\n");
  CHECK(ignore.ignores("build/out.o"));
  CHECK_FALSE(ignore.ignores("src/build/out.o"));
  CHECK(ignore.ignores("docs/a.md"));
  CHECK_FALSE(ignore.ignores("docs/sub/a.md"));  // * does not cross a slash
  CHECK(ignore.ignores("x/tmp/file"));
  CHECK_FALSE(ignore.ignores("x/tmp"));  // a file named tmp
  CHECK(ignore.ignores("x/tmp", true));
}

TEST_CASE("KestraIgnore: ** and negation", "[kestraignore]") {
  KestraIgnore ignore("**/secret.env\nlogs/**\ncache/\na/**/z.txt\n*.txt\n!keep.txt\n");
  CHECK(ignore.ignores("secret.env"));
  CHECK(ignore.ignores("x/y/secret.env"));
  CHECK(ignore.ignores("logs/2026/a"));
  CHECK(ignore.ignores("a/z.txt"));
  CHECK(ignore.ignores("a/b/c/z.txt"));
  CHECK(ignore.ignores("notes.txt"));
  CHECK_FALSE(ignore.ignores("keep.txt"));
  CHECK_FALSE(ignore.ignores("sub/keep.txt"));
  CHECK(ignore.ignores("cache/keep.txt"));       // under an ignored folder: cannot be brought back
  CHECK_FALSE(ignore.ignores("logs/keep.txt"));  // logs/** ignores what is inside, not the folder (as Git)
}

TEST_CASE("KestraIgnore: character classes, ? and escapes", "[kestraignore]") {
  KestraIgnore ignore("file[0-9].csv\nv?.bin\n[!a]x\n\\#hash\ndot.txt\n");
  CHECK(ignore.ignores("file7.csv"));
  CHECK_FALSE(ignore.ignores("fileA.csv"));
  CHECK(ignore.ignores("v1.bin"));
  CHECK_FALSE(ignore.ignores("v10.bin"));
  CHECK(ignore.ignores("bx"));
  CHECK_FALSE(ignore.ignores("ax"));
  CHECK(ignore.ignores("#hash"));
  CHECK_FALSE(ignore.ignores("dotXtxt"));  // "." is literal
}

TEST_CASE("KestraIgnore: a pattern that cannot be read is refused naming its line", "[kestraignore]") {
  CHECK_THROWS_WITH(KestraIgnore("*.tmp\n[z-a]\n"),
                    Catch::Matchers::StartsWith("line 2: cannot read the pattern '[z-a]'"));
  CHECK_NOTHROW(KestraIgnore("[a-z]\n"));
}
