// `flow validate --local` end to end on the plugin types of the catalog's second batch (PowerShell/R/Ruby/Go
// script tasks, script triggers, Git sync and push tasks): a typo is refused at its line with Kestra's message
// and our did-you-mean hint, a valid flow passes, and --kestra-version 0.21 leaves the types unchecked.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "Process.h"

using namespace kcicd::test;

namespace {

const char* kTypos =
    "id: typos\nnamespace: company.team\ntasks:\n"
    "  - id: ps\n    type: io.kestra.plugin.scripts.powershell.Commands\n    comands:\n      - ./run.ps1\n"
    "  - id: sync\n    type: io.kestra.plugin.git.NamespaceSync\n    url: https://github.com/acme/config\n"
    "    branch: main\n    namespace: company.team\n    sourceOfTruh: GIT\n";

const char* kValid =
    "id: nightly\nnamespace: company.team\ntasks:\n"
    "  - id: report\n    type: io.kestra.plugin.scripts.r.Script\n    beforeCommands:\n"
    "      - Rscript -e 'install.packages(\"jsonlite\")'\n    script: |\n      print(jsonlite::toJSON(list(ok = TRUE)))\n"
    "  - id: rb\n    type: io.kestra.plugin.scripts.ruby.Commands\n    commands: [ruby -v]\n"
    "  - id: files\n    type: io.kestra.plugin.git.PushExecutionFiles\n    url: https://github.com/acme/reports\n"
    "    filesMap:\n      out/report.json: \"{{ outputs.report.outputFiles['report.json'] }}\"\n"
    "triggers:\n  - id: ready\n    type: io.kestra.plugin.scripts.shell.CommandsTrigger\n    exitCondition: \"exit 0\"\n"
    "    commands:\n      - test -f /data/ready\n";

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("plugin catalog, second batch: typos refused with position and did-you-mean, valid flows pass",
          "[flow][plugins]") {
  TempDir dir;
  writeFile(dir / "typos.yml", kTypos);
  writeFile(dir / "valid.yml", kValid);
  for (const char* version : {"1.3", "2.0"}) {
    auto r = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", version});
    INFO(version << "\n" << r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK(contains(r.out, "\u2713 - company.team.nightly"));
    CHECK(contains(r.err, "Unrecognized field \"comands\" (class io.kestra.plugin.scripts.powershell.Commands)"));
    CHECK(contains(r.err, " : tasks[0].comands (" + (dir / "typos.yml").string() + ":6:5)"));
    CHECK(contains(r.err, "hint: did you mean \"commands\"?"));
    CHECK(!contains(r.out, "not in the plugin catalog"));
  }
  // Kestra stops at the first parse error of a flow: the NamespaceSync typo is reported on its own.
  writeFile(dir / "typos.yml", "id: typos\nnamespace: company.team\ntasks:\n"
                               "  - id: sync\n    type: io.kestra.plugin.git.NamespaceSync\n    branch: main\n"
                               "    namespace: company.team\n    sourceOfTruh: GIT\n");
  auto sync = runCli({"flow", "validate", (dir / "typos.yml").string(), "--local"});
  INFO(sync.out << sync.err);
  CHECK(sync.exitCode == 1);
  CHECK(contains(sync.err, "Unrecognized field \"sourceOfTruh\" (class io.kestra.plugin.git.NamespaceSync)"));
  CHECK(contains(sync.err, "hint: did you mean \"sourceOfTruth\"?"));
}

TEST_CASE("plugin catalog, second batch: --kestra-version 0.21 leaves the types unchecked", "[flow][plugins][versions]") {
  TempDir dir;
  writeFile(dir / "typos.yml", kTypos);
  auto r = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", "0.21"});
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  CHECK(contains(r.out, "not in the plugin catalog, properties not checked (1 flow(s)): "
                        "io.kestra.plugin.git.NamespaceSync, io.kestra.plugin.scripts.powershell.Commands"));
}
