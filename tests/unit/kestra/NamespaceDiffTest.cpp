#include <catch2/catch_test_macros.hpp>

#include "kestra/NamespaceDiff.h"

using namespace kcicd::kestra;

TEST_CASE("unifiedDiff shows the changed line with its context, server side first", "[NamespaceDiff]") {
  std::string before = "id: f\nnamespace: a\ntasks:\n  - id: log\n    message: old\n";
  std::string after = "id: f\nnamespace: a\ntasks:\n  - id: log\n    message: new\n";
  CHECK(unifiedDiff(before, after, "server/a.f", "flows/a/f.yml") ==
        "--- server/a.f\n+++ flows/a/f.yml\n@@ -2,4 +2,4 @@\n namespace: a\n tasks:\n   - id: log\n-    message: old\n"
        "+    message: new\n");
}

TEST_CASE("unifiedDiff shows a trailing space, which makes a new revision", "[NamespaceDiff]") {
  auto diff = unifiedDiff("a: 1\nb: 2\n", "a: 1\nb: 2 \n", "server", "local");
  CHECK(diff.find("-b: 2\n+b: 2 \n") != std::string::npos);
}

TEST_CASE("toString names each change like the dry run prints it", "[NamespaceDiff]") {
  CHECK(toString(FlowChangeKind::Added) == "ADDED");
  CHECK(toString(FlowChangeKind::Updated) == "UPDATED");
  CHECK(toString(FlowChangeKind::Unchanged) == "UNCHANGED");
  CHECK(toString(FlowChangeKind::Deleted) == "DELETED");
}

TEST_CASE("unifiedDiff makes separate hunks and stays short", "[NamespaceDiff]") {
  std::string a, b;
  for (int i = 0; i < 40; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += (i == 5 || i == 30 ? "changed " : "line ") + std::to_string(i) + "\n";
  }
  auto diff = unifiedDiff(a, b, "a", "b");
  CHECK(diff.find("@@ -3,7 +3,7 @@") != std::string::npos);
  CHECK(diff.find("@@ -28,7 +28,7 @@") != std::string::npos);
  CHECK(diff.find("-line 5\n+changed 5\n") != std::string::npos);

  std::string many;
  for (int i = 0; i < 500; ++i) many += "x" + std::to_string(i) + "\n";
  auto shortDiff = unifiedDiff("", many, "a", "b", 20);
  CHECK(shortDiff.find("… 483 more lines") != std::string::npos);
}
