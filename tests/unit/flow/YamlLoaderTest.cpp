// The YAML loader: positions, documents, duplicate/complex keys, merge keys, aliases and every limit.
#include <catch2/catch_test_macros.hpp>

#include <fcntl.h>
#include <cstdio>
#include <functional>
#include <sys/wait.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "Process.h"
#include "flow/YamlLoader.h"

using namespace kcicd::flow;
using kcicd::test::TempDir;
using kcicd::test::writeFile;

namespace {

long currentRssKb() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// How much memory `work` adds at its peak, measured in a forked child (independent of the other tests).
long peakGrowthKb(const std::function<void()>& work) {
  long before = currentRssKb();
  pid_t pid = fork();
  if (pid == 0) {
    work();
    _exit(0);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  REQUIRE(WIFEXITED(status));
  return usage.ru_maxrss - before;
}

}  // namespace

TEST_CASE("scalars, mappings and sequences keep their line and column", "[yaml]") {
  YamlFile file = loadYaml("id: hello\nnamespace: company.team\ntasks:\n  - id: t1\n    message: \"quoted\"\n");
  REQUIRE(!file.fatal);
  REQUIRE(file.documents.size() == 1);
  NodeRef root = file.documents[0].root();
  REQUIRE(root.isMapping());
  CHECK(root.get("id").text() == "hello");
  CHECK(root.get("id").plain());
  CHECK(root.get("id").position().line == 1);
  CHECK(root.get("id").position().column == 5);
  NodeRef task = root.get("tasks").item(0);
  CHECK(task.position().line == 4);
  CHECK(task.position().column == 5);
  NodeRef message = task.get("message");
  CHECK(message.text() == "quoted");
  CHECK(!message.plain());
  CHECK(message.position().line == 5);
  CHECK(root.get("missing").isNull());
  CHECK(!root.get("missing"));
}

TEST_CASE("columns count characters, not bytes", "[yaml]") {
  YamlFile file = loadYaml("a: \xC3\xA9t\xC3\xA9\nb: ok\nc: [\xF0\x9F\x9A\x80, x]\n");
  REQUIRE(!file.fatal);
  NodeRef list = file.documents[0].root().get("c");
  CHECK(list.item(1).position().column == 8);  // "c: [" + rocket + ", " → x is the 8th character
}

TEST_CASE("every YAML document is loaded; empty documents are dropped", "[yaml]") {
  YamlFile file = loadYaml("id: a\n---\nid: b\n---\n");
  REQUIRE(!file.fatal);
  REQUIRE(file.documents.size() == 2);
  CHECK(file.documents[1].root().get("id").text() == "b");
  CHECK(file.position(file.documents[1].startOffset()).line == 2);  // its `---` marker
  // `---` inside a block scalar does not split.
  YamlFile block = loadYaml("id: a\nscript: |\n  one\n  ---\n  two\n");
  CHECK(block.documents.size() == 1);
}

TEST_CASE("duplicate keys are reported with their position and pointer", "[yaml]") {
  YamlFile file = loadYaml("id: a\ntasks:\n  - id: t\n    data:\n      k: 1\n      k: 2\n");
  REQUIRE(!file.fatal);
  REQUIRE(file.documentIssues[0].size() == 1);
  const YamlIssue& issue = file.documentIssues[0][0];
  CHECK(issue.kind == YamlIssueKind::DuplicateKey);
  CHECK(issue.message == "Duplicate field 'k'");
  CHECK(issue.pointer == "/tasks/0/data/k");
  CHECK(file.position(issue.offset).line == 6);
  // Large mappings use the sorted path.
  std::string many;
  for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + ": v\n";
  many += "k7: again\n";
  YamlFile large = loadYaml(many);
  REQUIRE(large.documentIssues[0].size() == 1);
  CHECK(large.documentIssues[0][0].message == "Duplicate field 'k7'");
}

TEST_CASE("a mapping used as a key (an unquoted {{ … }}) is reported", "[yaml]") {
  YamlFile file = loadYaml("message: {{ inputs.name }}\n");
  REQUIRE(!file.fatal);
  REQUIRE(file.documentIssues[0].size() == 1);
  CHECK(file.documentIssues[0][0].kind == YamlIssueKind::ComplexKey);
  CHECK(file.documentIssues[0][0].message.find("Unexpected mapping start") != std::string::npos);
}

TEST_CASE("merge keys: explicit keys win, sources are shared; off for Kestra 0.21", "[yaml]") {
  const char* text = "base: &base {a: 1, b: 2}\nuse:\n  <<: *base\n  b: 3\n";
  YamlFile merged = loadYaml(text);
  REQUIRE(!merged.fatal);
  NodeRef use = merged.documents[0].root().get("use");
  CHECK(use.size() == 2);
  CHECK(use.get("a").text() == "1");
  CHECK(use.get("b").text() == "3");
  CHECK(use.get("<<").isNull());
  YamlOptions plain;
  plain.mergeKeys = false;
  YamlFile kept = loadYaml(text, plain);
  CHECK(kept.documents[0].root().get("use").get("<<").isMapping());
}

TEST_CASE("aliases share their anchor's node", "[yaml]") {
  YamlFile file = loadYaml("a: &x [1, 2]\nb: *x\n");
  REQUIRE(!file.fatal);
  NodeRef root = file.documents[0].root();
  CHECK(root.get("a") == root.get("b"));
}

TEST_CASE("an alias bomb stops at the alias-node limit, fast and small", "[yaml][limits]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (int i = 1; i <= 12; ++i) {
    std::string name = "l" + std::to_string(i);
    bomb += name + ": &" + name + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *" : "*") + previous;
    bomb += "]\n";
    previous = name;
  }
  YamlFile file = loadYaml(bomb);
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::AliasBomb);
  CHECK(file.fatal->message.find("more than 100000 nodes") != std::string::npos);
  CHECK(peakGrowthKb([&] { loadYaml(bomb); }) < 64 * 1024);
}

TEST_CASE("a recursive alias is a syntax error, not an endless loop", "[yaml]") {
  YamlFile file = loadYaml("a: &a [1, *a]\n");
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::Syntax);
}

TEST_CASE("alias chains cannot build a tree deeper than the nesting limit", "[yaml][limits]") {
  std::string chain = "a0: &a0 [x]\n";
  for (int i = 1; i < 300; ++i)
    chain += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + "]\n";
  YamlOptions options;
  options.limits.maxAliasNodes = 1000000;
  YamlFile file = loadYaml(chain, options);
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::TooDeep);
}

TEST_CASE("100,000 levels of flow nesting are refused before yaml-cpp buffers them", "[yaml][limits]") {
  std::string deep = "id: x\nv: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  YamlFile file = loadYaml(deep);
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::TooDeep);
  CHECK(file.fatal->message == "nesting deeper than 256 levels (limit: --max-depth)");
  CHECK(file.position(file.fatal->offset).line == 2);
  CHECK(peakGrowthKb([&] { loadYaml(deep); }) < 64 * 1024);
}

TEST_CASE("block nesting past the limit is refused", "[yaml][limits]") {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += std::string(2 * i, ' ') + "-\n";
  YamlFile file = loadYaml(deep);
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::TooDeep);
  YamlOptions options;
  options.limits.maxDepth = 400;
  CHECK(!loadYaml(deep, options).fatal);
}

TEST_CASE("brackets in quoted and block scalars do not count as nesting", "[yaml][limits]") {
  std::string text = "id: x\nquoted: \"" + std::string(1000, '[') + "\"\nsingle: '" + std::string(1000, '{') +
                     "'\nscript: |\n  " + std::string(1000, '[') + "\n  " + std::string(500, '{') +
                     "\nplain: a[b[c\n# " + std::string(1000, '[') + "\nafter: [1, [2, [3]]]\n";
  CHECK(!findDeepFlowNesting(text, 256));
  YamlFile file = loadYaml(text);
  CHECK(!file.fatal);
  CHECK(findDeepFlowNesting("v: " + std::string(300, '['), 256));
}

TEST_CASE("empty, comment-only, binary and non-UTF-8 files get their own messages", "[yaml][limits]") {
  YamlFile empty = loadYaml("");
  REQUIRE(empty.fatal);
  CHECK(empty.fatal->kind == YamlIssueKind::Empty);
  CHECK(empty.fatal->message == "empty file: there is no flow to validate");
  YamlFile comments = loadYaml("# nothing here\n   \n");
  REQUIRE(comments.fatal);
  CHECK(comments.fatal->kind == YamlIssueKind::Empty);
  YamlFile binary = loadYaml(std::string("id: a\0b\n", 8));
  REQUIRE(binary.fatal);
  CHECK(binary.fatal->kind == YamlIssueKind::Binary);
  CHECK(binary.fatal->message.find("NUL byte at offset 5") != std::string::npos);
  YamlFile utf16 = loadYaml(std::string("\xFF\xFEi\0d\0", 6));
  REQUIRE(utf16.fatal);
  CHECK(utf16.fatal->message.find("UTF-16") != std::string::npos);
  YamlFile latin1 = loadYaml("id: caf\xE9\n");
  REQUIRE(latin1.fatal);
  CHECK(latin1.fatal->kind == YamlIssueKind::Encoding);
  CHECK(latin1.fatal->message.find("byte 0xE9") != std::string::npos);
  CHECK(latin1.position(latin1.fatal->offset).column == 8);
  CHECK(checkEncoding("\xED\xA0\x80"));        // a UTF-16 surrogate
  CHECK(checkEncoding("\xC0\xAF"));            // an overlong '/'
  CHECK(!checkEncoding("emoji: \xF0\x9F\x9A\x80 ok"));
}

TEST_CASE("inputs on which yaml-cpp 0.7 loops forever are stopped", "[yaml][limits]") {
  for (const char* text : {",", "[a],", ",,", "id: a\n---\n,\n"}) {
    INFO(text);
    YamlFile file = loadYaml(text);
    REQUIRE(file.fatal);
    CHECK(file.fatal->kind == YamlIssueKind::Syntax);
    CHECK(file.fatal->message.find("stopped making progress") != std::string::npos);
  }
}

TEST_CASE("tab indentation is a syntax error with a hint", "[yaml]") {
  YamlFile file = loadYaml("id: a\ntasks:\n\t- id: x\n");
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::Syntax);
  CHECK(file.fatal->message.find("YAML parsing error: ") == 0);
  CHECK(file.fatal->message.find("tabs cannot be used for indentation") != std::string::npos);
  CHECK(file.fatal->message.find("(at line 3)") != std::string::npos);
}

TEST_CASE("the size limit applies before reading the file", "[yaml][limits]") {
  TempDir dir;
  auto big = dir / "big.yml";
  {
    int fd = ::open(big.c_str(), O_CREAT | O_WRONLY, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, 100L * 1024 * 1024) == 0);  // sparse: 100 MB that costs nothing
    ::close(fd);
  }
  YamlFile file = loadYamlFile(big);
  REQUIRE(file.fatal);
  CHECK(file.fatal->kind == YamlIssueKind::TooLarge);
  CHECK(file.fatal->message.find("104857600 bytes") != std::string::npos);
  CHECK(peakGrowthKb([&] { loadYamlFile(big); }) < 16 * 1024);  // not read into memory
  YamlOptions small;
  small.limits.maxFileBytes = 4;
  CHECK(loadYaml("id: abc\n", small).fatal->kind == YamlIssueKind::TooLarge);
  YamlFile missing = loadYamlFile(dir / "nope.yml");
  REQUIRE(missing.fatal);
  CHECK(missing.fatal->kind == YamlIssueKind::Unreadable);
}
