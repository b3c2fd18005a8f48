// The README's "Options reference" and each command's --help list the same options.
#include <catch2/catch_test_macros.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "Process.h"

using namespace kcicd::test;

namespace {

// Options of `--help`: the first word of each option line ("--header,--headers", "--delete,--no-delete{false}").
std::set<std::string> helpOptions(const std::vector<std::string>& command) {
  std::vector<std::string> args = command;
  args.push_back("--help");
  auto r = runCli(args);
  REQUIRE(r.exitCode == 0);
  std::set<std::string> out;
  std::istringstream lines(r.out);
  static const std::regex optionLine(R"(^ +(-\S+))");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, optionLine)) continue;
    std::istringstream names(m[1].str());
    for (std::string name; std::getline(names, name, ',');) {
      name = name.substr(0, name.find('{'));
      if (name.rfind("--", 0) == 0 && name != "--help") out.insert(name);
    }
  }
  return out;
}

// Rows "| `kestra-cicd <command>` | `--a`, `--b` |" of the README's "Options reference" section.
std::map<std::string, std::set<std::string>> readmeOptions() {
  std::string readme = readFile(KCICD_SOURCE_DIR "/README.md");
  auto start = readme.find("## Options reference");
  REQUIRE(start != std::string::npos);
  auto end = readme.find("\n## ", start + 1);
  std::istringstream section(readme.substr(start, end - start));
  static const std::regex row(R"(^\| `kestra-cicd([^`]*)` \| (.*) \|$)");
  static const std::regex option("`(--[a-z0-9-]+)`");
  std::map<std::string, std::set<std::string>> out;
  for (std::string line; std::getline(section, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    std::string cells = m[2].str();
    auto& set = out[m[1].str()];
    for (std::sregex_iterator it(cells.begin(), cells.end(), option), e; it != e; ++it) set.insert((*it)[1].str());
  }
  return out;
}

}  // namespace

TEST_CASE("the README's option reference matches every command's help", "[cli][readme]") {
  auto readme = readmeOptions();
  const std::vector<std::vector<std::string>> commands{
      {},       {"flow", "validate"}, {"flow", "namespace", "update"}, {"flow", "revisions"}, {"flow", "rollback"},
      {"namespace", "files", "update"}, {"git", "clone"}, {"deploy"}, {"webhook", "verify"}};
  REQUIRE(readme.size() == commands.size());
  for (const auto& command : commands) {
    std::string name;
    for (const auto& word : command) name += " " + word;
    INFO("kestra-cicd" << name);
    REQUIRE(readme.count(name) == 1);
    CHECK(readme[name] == helpOptions(command));
  }
}
