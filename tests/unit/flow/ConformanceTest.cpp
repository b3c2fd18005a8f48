// Kestra's own test flows (read at test time from $KCICD_KESTRA_FLOWS_DIR, never copied, skipped without it;
// docs/kestra-flow-validation.md §6): each entry's
// expected outcome and message substrings, for the 1.x target (the `kestra1x` column where present) and the
// 0.21 target (the `expect` column).
//
// Deliberate deviations (also in README.md, "flow validate --local"):
// - plugin types that exist only in Kestra's test sources are outside the catalog: they are reported as
//   unchecked (their properties are not checked) instead of being resolved;
// - the known-property list of "Unrecognized field" messages follows the catalog's order, not Jackson's;
// - `cli_output` strings are the 0.21 CLI's (`✓ - <namespace> / <id>`); kestra-cicd prints the 1.x form
//   (`✓ - <namespace>.<id>`).
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "KestraFiles.h"
#include "flow/FlowValidator.h"

using namespace kcicd::flow;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json manifest(const fs::path& corpus) { return json::parse(slurp(corpus / "manifest.json")); }

// Everything a test may look for: Kestra's "<path>: <message>" lines and the bare messages.
std::string allText(const FileReport& report) {
  std::string out;
  for (const auto& d : report.documents) {
    out += d.constraints;
    for (const auto& e : d.errors) out += e.path + ": " + e.message + "\n";
  }
  return out;
}

std::string describe(const FileReport& report) {
  std::string out;
  for (const auto& d : report.documents) {
    out += "document " + std::to_string(d.index) + (d.valid() ? " valid" : " invalid") + "\n";
    for (const auto& e : d.errors) out += "  error: " + e.path + ": " + e.message + "\n";
    for (const auto& w : d.warnings) out += "  warning: " + w.message + "\n";
    for (const auto& i : d.infos) out += "  info: " + i.message + "\n";
    for (const auto& t : d.uncheckedTypes) out += "  unchecked: " + t + "\n";
  }
  return out;
}

std::set<std::string> deprecations(const DocumentReport& d) {
  std::set<std::string> out;
  const std::string suffix = " is deprecated";
  for (const auto& w : d.warnings)
    if (w.message.size() > suffix.size() && w.message.compare(w.message.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.insert(w.message.substr(0, w.message.size() - suffix.size()));
  return out;
}

// Kestra's violation count. Bean-validation failures are reported one for one; for a parse failure Kestra
// stops at the first error (1 violation, 2 for an unknown type) where kestra-cicd lists them all: the first
// ones must then be Kestra's.
void checkViolationCount(const DocumentReport& d, std::size_t expected) {
  bool parse = !d.errors.empty() && d.errors.front().parse;
  if (parse) CHECK(d.errors.size() >= expected);
  else CHECK(d.errors.size() == expected);
}

// Derived messages (worked out from Kestra's source, never asserted by a Kestra test) that kestra-cicd
// knowingly words differently. Empty: every derived message is reproduced.
const std::set<std::string> kDerivedExceptions = {};

}  // namespace

TEST_CASE("every corpus file meets its Kestra 1.x expectation", "[conformance]") {
  FlowValidator validator(ValidatorOptions{KestraVersion::V1_3, {}, {}});
  const fs::path corpus = kcicd::test::kestraFlowsDir();
  std::size_t checked = 0;
  for (const auto& entry : manifest(corpus)) {
    const std::string file = entry["file"];
    INFO("file: " << file);
    FileReport report = validator.validate(slurp(corpus / file), file);
    INFO(describe(report));
    const bool has1x = entry.contains("kestra1x");
    const std::string expected = has1x ? entry["kestra1x"].get<std::string>() : entry["expect"].get<std::string>();
    CHECK(report.valid() == (expected == "valid"));
    const std::string text = allText(report);

    if (!has1x) {
      for (const auto& m : entry["messages"]) CHECK(text.find(m.get<std::string>()) != std::string::npos);
      const json derived = entry.value("derived_messages", json::array());
      for (const auto& m : derived) {
        std::string message = m.get<std::string>();
        // 1.x words the parse-error prefix "Illegal flow source: " (flow-validation.md §3).
        if (message.rfind("Illegal flow yaml: ", 0) == 0) message = "Illegal flow source: " + message.substr(19);
        if (!kDerivedExceptions.count(message)) CHECK(text.find(message) != std::string::npos);
      }
      if (entry.contains("violations") && report.documents.size() == 1)
        checkViolationCount(report.documents[0], entry["violations"].get<std::size_t>());
      if (entry.contains("documents")) {
        for (const auto& doc : entry["documents"]) {
          std::size_t index = doc["index"];
          REQUIRE(index < report.documents.size());
          const auto& d = report.documents[index];
          CHECK(d.valid() == (doc["expect"] == "valid"));
          CHECK(d.ns == doc["namespace"].get<std::string>());
          CHECK(d.id == doc["id"].get<std::string>());
          for (const auto& m : doc["messages"]) CHECK(d.constraints.find(m.get<std::string>()) != std::string::npos);
          if (doc.contains("deprecation_paths")) {
            std::set<std::string> expectedPaths;
            for (const auto& p : doc["deprecation_paths"]) expectedPaths.insert(p.get<std::string>());
            CHECK(deprecations(d) == expectedPaths);
          }
        }
      }
    } else {
      // The 1.x error replaces the 0.21 one; check the rule that decides it.
      const std::string rule = entry.value("kestra1x_rule", "");
      const std::string reason = entry.value("kestra1x_reason", "");
      if (rule == "top-level-keys") {
        bool listeners = reason.find("listeners") != std::string::npos;
        CHECK(text.find(std::string("Unrecognized field \"") + (listeners ? "listeners" : "taskDefaults") +
                        "\" (class io.kestra.core.models.flows.Flow)") != std::string::npos);
      } else if (reason.find("reserved keyword") != std::string::npos) {
        CHECK(text.find("Flow id is a reserved keyword: ") != std::string::npos);
      } else if (reason.find("required: false") != std::string::npos) {
        CHECK(text.find("Inputs with a default value must be required, since the default is always applied.") !=
              std::string::npos);
      }
    }
    if (entry.contains("exact_message") && report.documents.size() == 1) {
      const std::string exact = entry["exact_message"];
      if (exact.find("known properties") == std::string::npos) {
        CHECK(report.documents[0].constraints == exact);
      } else {  // the property list follows the catalog (with 1.x's additions), not Jackson's order
        CHECK(text.find(exact.substr(0, exact.find(" ("))) != std::string::npos);
      }
    }
    // Test-only plugin types are outside the catalog: reported as unchecked, never as errors.
    const json testOnlyTypes = entry.value("test_only_types", json::array());
    for (const auto& type : testOnlyTypes) {
      // The type, or the test alias it is referenced by.
      std::set<std::string> names{type.get<std::string>()};
      const json typeAliases = entry.value("aliases", json::object());
      for (const auto& [alias, canonical] : typeAliases.items())
        if (canonical == type) names.insert(alias);
      bool listed = false;
      for (const auto& d : report.documents)
        for (const auto& t : d.uncheckedTypes) listed = listed || names.count(t) > 0;
      CHECK(listed);
      CHECK(text.find("Invalid type: " + type.get<std::string>()) == std::string::npos);
    }
    if (report.valid()) {
      const auto& d = report.documents[0];
      if (entry.contains("infos")) {
        std::vector<std::string> infos;
        for (const auto& i : d.infos) infos.push_back(i.message);
        CHECK(infos == entry["infos"].get<std::vector<std::string>>());
      }
      if (entry.contains("deprecation_paths")) {
        auto expectedPaths = entry["deprecation_paths"].get<std::set<std::string>>();
        CHECK(deprecations(d) == expectedPaths);
      }
      if (entry.contains("flow")) {
        CHECK(d.ns == entry["flow"]["namespace"].get<std::string>());
        CHECK(d.id == entry["flow"]["id"].get<std::string>());
      }
      // Aliases are resolved and reported as relocations.
      const json aliases = entry.value("aliases", json::object());
      for (const auto& [alias, canonical] : aliases.items()) {
        bool testAlias = std::find(entry["flags"].begin(), entry["flags"].end(), "test-alias") != entry["flags"].end();
        if (testAlias) continue;
        bool found = false;
        for (const auto& doc : report.documents)
          for (const auto& i : doc.infos) found = found || i.message == alias + " is replaced by " + canonical.get<std::string>();
        CHECK(found);
      }
    }
    ++checked;
  }
  CHECK(checked == 217);
}

TEST_CASE("every corpus file meets its Kestra 0.21 expectation", "[conformance]") {
  FlowValidator validator(ValidatorOptions{KestraVersion::V0_21, {}, {}});
  const fs::path corpus = kcicd::test::kestraFlowsDir();
  for (const auto& entry : manifest(corpus)) {
    const std::string file = entry["file"];
    INFO("file: " << file);
    FileReport report = validator.validate(slurp(corpus / file), file);
    INFO(describe(report));
    CHECK(report.valid() == (entry["expect"] == "valid"));
    const std::string text = allText(report);
    for (const auto& m : entry["messages"]) CHECK(text.find(m.get<std::string>()) != std::string::npos);
    const json derived = entry.value("derived_messages", json::array());
    for (const auto& m : derived)
      if (!kDerivedExceptions.count(m.get<std::string>())) CHECK(text.find(m.get<std::string>()) != std::string::npos);
    if (entry.contains("violations") && report.documents.size() == 1)
      checkViolationCount(report.documents[0], entry["violations"].get<std::size_t>());
    if (entry.contains("exact_message") && report.documents.size() == 1) {
      const std::string exact = entry["exact_message"];
      if (exact.find("known properties") == std::string::npos) {
        CHECK(report.documents[0].constraints == exact);
      } else {  // 0.21: same 13 properties as Kestra's test, in the catalog's order
        CHECK(text.find(exact.substr(0, exact.find(" ("))) != std::string::npos);
        CHECK(text.find("(13 known properties: ") != std::string::npos);
      }
    }
    if (report.valid() && entry.contains("deprecation_paths"))
      CHECK(deprecations(report.documents[0]) == entry["deprecation_paths"].get<std::set<std::string>>());
  }
}
