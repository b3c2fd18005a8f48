#include <catch2/catch_test_macros.hpp>

#include "kestra/NamespaceDiff.h"

using namespace kcicd::kestra;

namespace {
const FlowChange* find(const std::vector<FlowChange>& changes, const std::string& id) {
  for (const auto& c : changes)
    if (c.id == id) return &c;
  return nullptr;
}
}  // namespace

TEST_CASE("NamespaceDiff classifies every flow", "[NamespaceDiff]") {
  std::vector<FlowSource> local{{"same", "id: same\ntasks: []\n"},
                                {"changed", "id: changed\nmessage: new\n"},
                                {"fresh", "id: fresh\n"}};
  std::vector<FlowSource> remote{{"same", "id: same\ntasks: []"},  // Kestra stores the trimmed source
                                 {"changed", "id: changed\nmessage: old"},
                                 {"gone", "id: gone"}};

  auto keep = diffNamespace(local, remote, false);
  REQUIRE(keep.size() == 3);  // no DELETED without --delete
  CHECK(keep[0].id == "same");
  CHECK(keep[0].kind == FlowChangeKind::Unchanged);
  CHECK(keep[1].kind == FlowChangeKind::Updated);
  CHECK(keep[2].kind == FlowChangeKind::Added);
  CHECK(find(keep, "gone") == nullptr);

  auto withDelete = diffNamespace(local, remote, true);
  REQUIRE(withDelete.size() == 4);
  REQUIRE(find(withDelete, "gone") != nullptr);
  CHECK(find(withDelete, "gone")->kind == FlowChangeKind::Deleted);
  CHECK(toString(FlowChangeKind::Deleted) == "DELETED");
}

TEST_CASE("NamespaceDiff ignores trailing whitespace and line endings", "[NamespaceDiff]") {
  auto changes = diffNamespace({{"f", "\nid: f  \r\nnamespace: a\t\r\n\n\n"}}, {{"f", "id: f\nnamespace: a"}}, false);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == FlowChangeKind::Unchanged);
  CHECK(changes[0].diff.empty());
  CHECK(normalizeSource("  \n a: 1  \n\n") == "a: 1");
}

TEST_CASE("UPDATED carries a unified diff from remote to local", "[NamespaceDiff]") {
  std::string before = "id: f\nnamespace: a\ntasks:\n  - id: log\n    message: old\n";
  std::string after = "id: f\nnamespace: a\ntasks:\n  - id: log\n    message: new\n";
  auto changes = diffNamespace({{"f", after}}, {{"f", before}}, false);
  REQUIRE(changes.size() == 1);
  REQUIRE(changes[0].kind == FlowChangeKind::Updated);
  CHECK(changes[0].diff ==
        "--- remote/f\n+++ local/f\n@@ -2,4 +2,4 @@\n namespace: a\n tasks:\n   - id: log\n-    message: old\n"
        "+    message: new\n");
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
