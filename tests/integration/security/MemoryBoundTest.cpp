// Memory and output are bounded by the limits, not by what a flow file holds: a 9.9 MB flow (under
// --max-file-size) of 900,000 unknown keys, and runs of several of them. Each limit is hit and the child's
// peak RSS (wait4) is held against the peak RSS of `kestra-cicd --version`, as in ResourceLimitTest.cpp.
#include <catch2/catch_test_macros.hpp>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "KestraServers.h"
#include "PeakMemory.h"
#include "Process.h"

using namespace kcicd::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// A valid flow followed by `keys` unknown top-level keys: 11 bytes and 2 YAML nodes each.
std::string unknownKeys(const std::string& id, int keys) {
  std::string text = flowYaml("prod", id);
  text.reserve(text.size() + 11u * static_cast<unsigned>(keys));
  char line[32];
  for (int i = 0; i < keys; ++i) {
    std::snprintf(line, sizeof line, "k%06d: 1\n", i);
    text += line;
  }
  return text;
}

const int kHostileKeys = 900000;  // 9.9 MB: under the default --max-file-size (10 MiB)

}  // namespace

TEST_CASE("diagnostics per file: 900,000 unknown keys keep 100 errors and one '... and N more'", "[security][limits]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  writeFile(dir / "prod/huge.yml", unknownKeys("huge", kHostileKeys));
  auto r = runCli({"flow", "validate", (dir / "prod/huge.yml").string(), "--local"}, cliOptions());
  INFO("stderr " << r.err.size() << " bytes: " << r.err.substr(0, 600));
  CHECK(r.exitCode == 1);
  CHECK(count(r.err, "\n\t- ") == 101);  // 100 errors and the one that counts the rest
  CHECK(has(r.err, "\u2026 and 899900 more errors not listed (at most 100 diagnostics per file, limit: --max-diagnostics)"));
  CHECK(r.err.size() < 64 * 1024);
  checkBoundedMemory(r, 160);

  auto few = runCli({"flow", "validate", (dir / "prod/huge.yml").string(), "--local", "--max-diagnostics", "3"},
                    cliOptions());
  CHECK(few.exitCode == 1);
  CHECK(count(few.err, "\n\t- ") == 4);
  CHECK(has(few.err, "\u2026 and 899997 more errors"));

  auto zero = runCli({"flow", "validate", (dir / "prod/huge.yml").string(), "--local", "--max-diagnostics", "0"},
                     cliOptions());
  CHECK(zero.exitCode == 2);
  CHECK(has(zero.err, "--max-diagnostics"));
}

TEST_CASE("diagnostics per file bound deploy too, which keeps every report", "[security][limits]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  writeFile(dir / "flows/prod/huge.yml", unknownKeys("huge", kHostileKeys));
  RunOptions options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  auto r = runCli({"deploy", "--server", "http://127.0.0.1:9"}, options);  // stops at local validation
  INFO("stderr " << r.err.size() << " bytes: " << r.err.substr(0, 600));
  CHECK(r.exitCode == 1);
  CHECK(has(r.out + r.err, "more errors not listed"));
  CHECK((r.out.size() + r.err.size()) < 256 * 1024);
  checkBoundedMemory(r, 200);
}

TEST_CASE("printed bytes: --max-output-size stops the listing, the summary and exit code stay", "[security][limits]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  const std::string bad = "id: bad\nnamespace: prod\ntasks: []\nunknownA: 1\nunknownB: 2\n";
  for (int i = 0; i < 2000; ++i) writeFile(dir / ("prod/f" + std::to_string(i) + ".yml"), bad);
  auto r = runCli({"flow", "validate", (dir / "prod").string(), "--local", "--max-output-size", "16KiB"}, cliOptions());
  INFO("stderr " << r.err.size() << " bytes: " << r.err.substr(r.err.size() > 400 ? r.err.size() - 400 : 0));
  CHECK(r.exitCode == 1);
  CHECK(r.err.size() < 16 * 1024 + 512);
  CHECK(has(r.err, "more line(s) not printed: the output reached 16 KiB (limit: --max-output-size)"));
  checkBoundedMemory(r, 32);

  auto json = runCli({"flow", "validate", (dir / "prod").string(), "--local", "--format", "json", "--max-output-size",
                      "16KiB"},
                     cliOptions());
  CHECK(json.exitCode == 1);
  auto parsed = nlohmann::json::parse(json.out, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());  // still one JSON document
  CHECK(parsed["summary"]["invalid"] == 2000);
  CHECK(parsed["summary"]["omittedDiagnostics"].get<int>() > 0);
  CHECK(json.out.size() < 2000 * 400 + 16 * 1024);

  // By default (4 MiB) the 900,000 unknown keys' report is small anyway: the diagnostics cap comes first.
  auto withinDefault = runCli({"flow", "validate", (dir / "prod").string(), "--local"}, cliOptions());
  CHECK_FALSE(has(withinDefault.err, "not printed"));
}

TEST_CASE("YAML nodes per run: four 900,000-key files stop at --max-yaml-nodes", "[security][limits]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  for (int i = 0; i < 4; ++i) writeFile(dir / ("prod/f" + std::to_string(i) + ".yml"), unknownKeys("f" + std::to_string(i), kHostileKeys));
  auto r = runCli({"flow", "validate", (dir / "prod").string(), "--local"}, cliOptions());
  INFO("stderr " << r.err.size() << " bytes: " << r.err.substr(0, 300));
  CHECK(r.exitCode == 1);
  CHECK(has(r.err, "more than 5000000 YAML nodes in this run (limit: --max-yaml-nodes)"));
  CHECK(r.err.size() < 256 * 1024);
  checkBoundedMemory(r, 200);

  RunOptions options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  std::filesystem::create_directories(dir / "flows");
  std::filesystem::rename(dir / "prod", dir / "flows/prod");
  auto deploy = runCli({"deploy", "--server", "http://127.0.0.1:9"}, options);
  CHECK(deploy.exitCode == 1);
  CHECK(has(deploy.out + deploy.err, "--max-yaml-nodes"));
  checkBoundedMemory(deploy, 240);

  TempDir small;
  for (int i = 0; i < 3; ++i) writeFile(small / ("prod/f" + std::to_string(i) + ".yml"), flowYaml("prod", "f" + std::to_string(i)));
  auto low = runCli({"flow", "validate", (small / "prod").string(), "--local", "--max-yaml-nodes", "30"}, cliOptions());
  CHECK(low.exitCode == 1);
  CHECK(has(low.err, "more than 30 YAML nodes in this run (limit: --max-yaml-nodes)"));
  auto enough = runCli({"flow", "validate", (small / "prod").string(), "--local", "--max-yaml-nodes", "1000"}, cliOptions());
  CHECK(enough.exitCode == 0);
}

TEST_CASE("flow bytes per run: --max-total-size refuses the files past it", "[security][limits]") {
  (void)baselineKb();  // measured while this process is small: a forked child starts at its size
  TempDir dir;
  // Few nodes, many bytes: a 9.5 MB description each; eight of them pass the 64 MiB default.
  std::string description = "description: |\n";
  for (int i = 0; i < 95000; ++i) description += "  " + std::string(97, 'x') + "\n";
  for (int i = 0; i < 8; ++i) {
    std::string id = "f" + std::to_string(i);
    writeFile(dir / ("prod/" + id + ".yml"), flowYaml("prod", id) + description);
  }
  auto r = runCli({"flow", "validate", (dir / "prod").string(), "--local"}, cliOptions());
  INFO(r.err.substr(0, 600));
  CHECK(r.exitCode == 1);
  CHECK(has(r.err, "the flow files of this run total more than 64 MiB (limit: --max-total-size)"));
  checkBoundedMemory(r, 80);

  auto small = runCli({"flow", "validate", (dir / "prod/f0.yml").string(), "--local", "--max-total-size", "1MiB"},
                      cliOptions());
  CHECK(small.exitCode == 1);
  CHECK(has(small.err, "total more than 1 MiB (limit: --max-total-size)"));
}
