// Every flow shipped in flows/ and plugin/flows/ passes kestra-cicd's own offline validation, under the rules
// of each Kestra version its first line names ("# Kestra versions: 2.0, 1.3").
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "Process.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

RunOptions inSourceDir() {
  RunOptions options;
  options.cwd = KCICD_SOURCE_DIR;
  options.unsetEnv = {"WORKING_DIR", "KESTRA_CICD_FRAMES"};
  return options;
}

std::vector<fs::path> bundledFlowFiles() {
  std::vector<fs::path> out;
  for (const char* dir : {"flows", "plugin/flows"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(KCICD_SOURCE_DIR) / dir)) {
      auto ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) out.push_back(e.path());
    }
  std::sort(out.begin(), out.end());
  return out;
}

// The versions named by the first line, "# Kestra versions: 2.0, 1.3"; empty when the line is missing.
std::vector<std::string> targetVersions(const fs::path& file) {
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  static const std::regex line(R"(^# Kestra versions: ([0-9]+\.[0-9]+(, [0-9]+\.[0-9]+)*)$)");
  std::smatch m;
  std::vector<std::string> out;
  if (!std::regex_match(first, m, line)) return out;
  std::stringstream list(m[1].str());
  for (std::string v; std::getline(list, v, ',');) out.push_back(v.substr(v.find_first_not_of(' ')));
  return out;
}

}  // namespace

TEST_CASE("the bundled flows and plugin subflows pass flow validate --local", "[cli]") {
  auto r = runCli({"flow", "validate", "--local", "flows", "plugin/flows"}, inSourceDir());
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  for (const char* id : {"company.cicd.ci-cd", "company.cicd.ci-cd-1-3", "company.cicd.deploy-manual",
                         "company.cicd.drift-check", "company.cicd.preview", "prod.hello", "prod.marketing.newsletter", "kestra.cicd.deploy",
                         "kestra.cicd.validate", "kestra.cicd.namespace-update", "kestra.cicd.git-clone",
                         "kestra.cicd.webhook-verify"})
    CHECK(r.out.find(std::string("✓ - ") + id) != std::string::npos);
}

TEST_CASE("every bundled flow names its Kestra versions on its first line and validates under each", "[cli]") {
  auto files = bundledFlowFiles();
  REQUIRE(files.size() >= 12);
  bool some20 = false, some13 = false;
  for (const auto& file : files) {
    const std::string rel = fs::relative(file, KCICD_SOURCE_DIR).string();
    INFO(rel);
    auto versions = targetVersions(file);
    if (versions.empty()) {
      FAIL_CHECK(rel << ": the first line must name the Kestra versions, e.g. \"# Kestra versions: 2.0, 1.3\"");
      continue;
    }
    for (const auto& v : versions) {
      INFO("--kestra-version " << v);
      CHECK((v == "2.0" || v == "1.3"));
      some20 = some20 || v == "2.0";
      some13 = some13 || v == "1.3";
      auto r = runCli({"flow", "validate", "--local", "--kestra-version", v, rel}, inSourceDir());
      INFO(r.out << r.err);
      CHECK(r.exitCode == 0);
    }
  }
  CHECK(some20);
  CHECK(some13);
}
