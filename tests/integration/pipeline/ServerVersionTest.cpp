// deploy applies the local rules of the server's Kestra version (GET /api/v1/configs), unless
// --kestra-version names one, which wins with a warning when it disagrees.
#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "KestraServers.h"
#include "Process.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ForEach: valid for Kestra 1.3, removed in 2.0 (replaced by Loop).
const std::string kForEach =
    "id: loop\nnamespace: prod\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n"
    "    values: [1, 2]\n    tasks:\n      - id: log\n        type: io.kestra.plugin.core.log.Log\n"
    "        message: \"{{ taskrun.value }}\"\n";

}  // namespace

TEST_CASE("deploy validates with the rules of the server's version", "[deploy][version]") {
  TempDir dir;
  writeFile(dir / "flows/prod/loop.yml", kForEach);
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();

  FakeKestra v13({"--kestra", "1.3"});
  auto onV13 = runCli({"deploy", "--dry-run", "--format", "json", "--server", v13.url()}, options);
  INFO(onV13.out << onV13.err);
  CHECK(onV13.exitCode == 0);
  auto report = json::parse(onV13.out);
  CHECK(report["kestraVersion"] == "1.3");
  CHECK(report["serverVersion"].get<std::string>().rfind("1.3.", 0) == 0);

  FakeKestra v20({"--kestra", "2.0"});
  auto onV20 = runCli({"deploy", "--dry-run", "--server", v20.url()}, options);
  CHECK(onV20.exitCode == 1);
  CHECK(has(onV20.err, "\t- Invalid type: io.kestra.plugin.core.flow.ForEach : tasks[0] (flows/prod/loop.yml:5:11)"));
  CHECK(has(onV20.err, "io.kestra.plugin.core.flow.Loop"));  // the migration hint

  // Named explicitly: the flag wins, with a warning that the server runs another version.
  auto forced = runCli({"deploy", "--dry-run", "--kestra-version", "2.0", "--server", v13.url()}, options);
  CHECK(forced.exitCode == 1);
  CHECK(has(forced.err, "--kestra-version 2.0 differs from the server's version 1.3."));
}
