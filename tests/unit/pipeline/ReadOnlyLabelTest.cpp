#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "KestraFiles.h"
#include "Process.h"
#include "pipeline/ReadOnlyLabel.h"

using namespace kcicd::pipeline;
namespace fs = std::filesystem;

namespace {

// The document with system.readOnly taken out of its labels (and labels removed when that empties
// them), emitted canonically: what must be unchanged by addReadOnlyLabel.
std::string withoutLabel(YAML::Node doc) {
  YAML::Node out = YAML::Clone(doc);
  if (out.IsMap() && out["labels"]) {
    YAML::Node labels = out["labels"];
    if (labels.IsMap()) {
      labels.remove("system.readOnly");
    } else if (labels.IsSequence()) {
      YAML::Node kept(YAML::NodeType::Sequence);
      for (const auto& e : labels)
        if (!(e.IsMap() && e["key"] && e["key"].Scalar() == "system.readOnly")) kept.push_back(e);
      out["labels"] = kept;
    }
    if (!out["labels"].IsDefined() || out["labels"].IsNull() || out["labels"].size() == 0) out.remove("labels");
  }
  YAML::Emitter e;
  e << out;
  return e.c_str();
}

// Lines of `original` appear, in order, in `changed` (the edit only inserted lines).
bool linesKept(const std::string& original, const std::string& changed) {
  std::istringstream a(original), b(changed);
  std::string want, got;
  while (std::getline(a, want)) {
    bool found = false;
    while (std::getline(b, got))
      if (got == want) {
        found = true;
        break;
      }
    if (!found) return false;
  }
  return true;
}

void checkAdded(const std::string& source) {
  std::string result = addReadOnlyLabel(source);
  INFO("source:\n" << source << "\nresult:\n" << result);
  CHECK(hasReadOnlyLabel(result));
  auto before = YAML::LoadAll(source);
  auto after = YAML::LoadAll(result);
  REQUIRE(before.size() == after.size());
  for (size_t i = 0; i < before.size(); ++i) CHECK(withoutLabel(before[i]) == withoutLabel(after[i]));
  CHECK(addReadOnlyLabel(result) == result);  // idempotent
}

}  // namespace

TEST_CASE("require: map and list forms, booleans and strings", "[readonly]") {
  CHECK(hasReadOnlyLabel("id: a\nlabels:\n  system.readOnly: true\n"));
  CHECK(hasReadOnlyLabel("id: a\nlabels:\n  system.readOnly: \"true\"\n"));
  CHECK(hasReadOnlyLabel("id: a\nlabels:\n  - key: system.readOnly\n    value: \"true\"\n"));
  CHECK_FALSE(hasReadOnlyLabel("id: a\nlabels:\n  system.readOnly: false\n"));
  CHECK_FALSE(hasReadOnlyLabel("id: a\nlabels:\n  team: x\n"));
  std::vector<std::string> missing;
  CHECK_FALSE(hasReadOnlyLabel("id: a\ntasks: []\n---\nid: b\nlabels: {system.readOnly: true}\n", &missing));
  CHECK(missing == std::vector<std::string>{"a"});
}

TEST_CASE("add: every label shape keeps the rest of the text byte for byte", "[readonly]") {
  SECTION("no labels: a new entry before the first key, comments kept") {
    std::string src = "# my flow\nid: a # the id\nnamespace: n\ntasks: []\n";
    std::string out = addReadOnlyLabel(src);
    CHECK(out == "# my flow\nlabels:\n  system.readOnly: true\nid: a # the id\nnamespace: n\ntasks: []\n");
    checkAdded(src);
  }
  SECTION("block map") {
    std::string src = "id: a\nlabels:\n    team: x   # owner\n    env: prod\ntasks: []\n";
    CHECK(addReadOnlyLabel(src) == "id: a\nlabels:\n    system.readOnly: true\n    team: x   # owner\n    env: prod\ntasks: []\n");
    checkAdded(src);
  }
  SECTION("flow map, empty flow map") {
    CHECK(addReadOnlyLabel("id: a\nlabels: {team: x}\n") == "id: a\nlabels: {system.readOnly: true, team: x}\n");
    CHECK(addReadOnlyLabel("id: a\nlabels: {}\n") == "id: a\nlabels: {system.readOnly: true}\n");
  }
  SECTION("block list and flow list") {
    std::string src = "id: a\nlabels:\n  - key: team\n    value: x\n";
    CHECK(addReadOnlyLabel(src) ==
          "id: a\nlabels:\n  - key: system.readOnly\n    value: \"true\"\n  - key: team\n    value: x\n");
    checkAdded(src);
    CHECK(addReadOnlyLabel("id: a\nlabels: [{key: t, value: x}]\n") ==
          "id: a\nlabels: [{key: system.readOnly, value: \"true\"}, {key: t, value: x}]\n");
  }
  SECTION("an existing false value is set to true in place") {
    CHECK(addReadOnlyLabel("labels:\n  system.readOnly: false # no\nid: a\n") ==
          "labels:\n  system.readOnly: true # no\nid: a\n");
    CHECK(addReadOnlyLabel("labels:\n  - key: system.readOnly\n    value: \"false\"\n") ==
          "labels:\n  - key: system.readOnly\n    value: \"true\"\n");
  }
  SECTION("empty labels value") {
    CHECK(addReadOnlyLabel("id: a\nlabels:\ntasks: []\n") == "id: a\nlabels: {system.readOnly: true}\ntasks: []\n");
    CHECK(addReadOnlyLabel("id: a\nlabels: ~ # none\n") == "id: a\nlabels: {system.readOnly: true} # none\n");
  }
  SECTION("already labelled: unchanged") {
    std::string src = "id: a\nlabels:\n  system.readOnly: true\n";
    CHECK(addReadOnlyLabel(src) == src);
  }
  SECTION("several documents, CRLF line ends") {
    std::string src = "id: a\r\ntasks: []\r\n---\r\nid: b\r\nlabels:\r\n  t: x\r\n";
    std::string out = addReadOnlyLabel(src);
    CHECK(out == "labels:\r\n  system.readOnly: true\r\nid: a\r\ntasks: []\r\n---\r\nid: b\r\nlabels:\r\n  system.readOnly: true\r\n  t: x\r\n");
    CHECK(hasReadOnlyLabel(out));
  }
  SECTION("not a mapping") {
    CHECK_THROWS_AS(addReadOnlyLabel("- a\n- b\n"), std::invalid_argument);
    CHECK_THROWS_AS(addReadOnlyLabel("id: [unclosed\n"), std::invalid_argument);
  }
}

TEST_CASE("add on Kestra's conformance corpus keeps every flow otherwise identical", "[readonly]") {
  size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kcicd::test::kestraFlowsDir())) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
    std::string source = kcicd::test::readFile(entry.path());
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(source);
    } catch (const YAML::Exception&) {
      continue;  // not YAML (the corpus has deliberate syntax errors)
    }
    bool maps = !docs.empty();
    for (const auto& d : docs) maps = maps && (d.IsMap() || d.IsNull());
    if (!maps) continue;
    INFO(entry.path());
    bool hadLabel = hasReadOnlyLabel(source);
    checkAdded(source);
    if (!hadLabel && source.find("labels:") == std::string::npos) CHECK(linesKept(source, addReadOnlyLabel(source)));
    ++checked;
  }
  CHECK(checked > 150);
}
