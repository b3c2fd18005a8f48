// The binary's command-line contract: help, version, usage errors and exit codes, secrets in the env.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "Process.h"

using namespace kcicd::test;

TEST_CASE("the help flag lists every sub-command", "[cli]") {
  auto r = runCli({"--help"});
  CHECK(r.exitCode == 0);
  for (const char* sub : {"flow", "git", "deploy", "webhook"}) CHECK(r.out.find(sub) != std::string::npos);
  auto flow = runCli({"flow", "--help"});
  CHECK(flow.out.find("validate") != std::string::npos);
  CHECK(flow.out.find("namespace") != std::string::npos);
  CHECK(runCli({"flow", "namespace", "--help"}).out.find("update") != std::string::npos);
  CHECK(runCli({"git", "--help"}).out.find("clone") != std::string::npos);
  CHECK(runCli({"webhook", "--help"}).out.find("verify") != std::string::npos);
}

TEST_CASE("the version flag prints the version and exits 0", "[cli]") {
  auto r = runCli({"--version"});
  CHECK(r.exitCode == 0);
  CHECK(r.out.rfind("kestra-cicd ", 0) == 0);
  CHECK(r.err.empty());
}

TEST_CASE("an unknown flag or command is one line with a suggestion and the help pointer, exit 2", "[cli]") {
  auto flag = runCli({"flow", "validate", "x.yml", "--locl"});
  CHECK(flag.exitCode == 2);
  CHECK(flag.out.empty());
  CHECK(flag.err == "error: The following argument was not expected: --locl (did you mean --local?)\n"
                    "Run 'kestra-cicd flow validate --help' for usage.\n");
  auto far = runCli({"flow", "validate", "--no-such-flag", "x.yml"});
  CHECK(far.exitCode == 2);
  CHECK(far.err.find("--no-such-flag") != std::string::npos);
  CHECK(far.err.find("did you mean") == std::string::npos);  // nothing close: no guess
  CHECK(far.err.find("Usage:") == std::string::npos);         // no 40 lines of help
  auto deploy = runCli({"deploy", "--dry-rn"});
  CHECK(deploy.err.find("(did you mean --dry-run?)") != std::string::npos);
  CHECK(std::count(deploy.err.begin(), deploy.err.end(), '\n') == 2);

  auto sub = runCli({"frobnicate"});
  CHECK(sub.exitCode == 2);
  CHECK(sub.err == "error: unknown command 'frobnicate'\nRun 'kestra-cicd --help' for usage.\n");
  auto typo = runCli({"flow", "valdate", "x.yml"});
  CHECK(typo.exitCode == 2);
  CHECK(typo.err.find("unknown command 'valdate' (did you mean validate?)") != std::string::npos);
  CHECK(typo.err.find("Run 'kestra-cicd flow --help' for usage.") != std::string::npos);
}

TEST_CASE("a value outside an option's set is one line with a suggestion, exit 2", "[cli]") {
  auto format = runCli({"flow", "validate", "x.yml", "--local", "--format", "jsn"});
  CHECK(format.exitCode == 2);
  CHECK(format.err == "error: --format: jsn not in {text,json,github} (did you mean json?)\n"
                      "Run 'kestra-cicd flow validate --help' for usage.\n");
  auto provider = runCli({"webhook", "verify", "--body", "x", "--provider", "gitlb"});
  CHECK(provider.exitCode == 2);
  CHECK(provider.err.find("(did you mean gitlab?)") != std::string::npos);
  auto far = runCli({"flow", "validate", "x.yml", "--local", "--format", "yaml"});
  CHECK(far.exitCode == 2);
  CHECK(far.err.find("did you mean") == std::string::npos);  // nothing close: no guess
}

TEST_CASE("usage lines carry the full program name; global options work after the command", "[cli]") {
  auto help = runCli({"flow", "validate", "--help"});
  CHECK(help.out.find("Usage: kestra-cicd flow validate [OPTIONS] path...") != std::string::npos);
  auto root = runCli({"--help"});
  CHECK(root.out.find("Usage: kestra-cicd [OPTIONS] SUBCOMMAND") != std::string::npos);
  TempDir dir;
  writeFile(dir / "a.yml", "id: a\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
  RunOptions options;
  options.unsetEnv = {"WORKING_DIR", "KESTRA_CICD_FRAMES"};
  auto after = runCli({"flow", "validate", "--local", (dir / "a.yml").string(), "--frames", "always"}, options);
  INFO(after.err);
  CHECK(after.exitCode == 0);
  CHECK(after.out.find("::{\"outputs\"") != std::string::npos);  // the frames the flag asked for
  auto before = runCli({"--frames", "always", "flow", "validate", "--local", (dir / "a.yml").string()}, options);
  CHECK(before.out.find("::{\"outputs\"") != std::string::npos);
}

TEST_CASE("a missing required argument is named", "[cli]") {
  auto r = runCli({"flow", "namespace", "update", "prod"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("path") != std::string::npos);
  auto v = runCli({"flow", "validate"});
  CHECK(v.exitCode == 2);
  CHECK(v.err.find("path") != std::string::npos);
}

TEST_CASE("quiet prints errors only, verbose adds the steps, the default prints results and notices", "[cli]") {
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", "id: a\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
  writeFile(dir / "flows/prod/b.yml", "id: b\nnamespace: prod\ntasks: []\n");
  writeFile(dir / "flows/Not_A_Namespace/c.yml", "id: c\nnamespace: x\ntasks: []\n");
  RunOptions options;
  options.cwd = dir.path();
  options.unsetEnv = {"WORKING_DIR", "KESTRA_CICD_FRAMES", "KESTRA_SERVER"};
  const std::string a = (dir / "flows/prod/a.yml").string(), b = (dir / "flows/prod/b.yml").string();

  auto normal = runCli({"flow", "validate", "--local", a, b}, options);
  CHECK(normal.exitCode == 1);
  CHECK(normal.out.find("✓ - prod.a") != std::string::npos);
  CHECK(normal.err.find("must not be empty : tasks") != std::string::npos);
  auto quiet = runCli({"-q", "flow", "validate", "--local", a, b}, options);
  CHECK(quiet.exitCode == 1);
  CHECK(quiet.out.empty());
  CHECK(quiet.err + "1 valid, 1 invalid flow(s) in 2 file(s)\n" == normal.err);  // the errors stay, not the count
  auto json = runCli({"flow", "validate", "--local", a, "--format", "json", "--quiet"}, options);
  CHECK(nlohmann::json::parse(json.out)["documents"].size() == 1);  // asked-for JSON is kept whole

  // deploy, no server: the local pass fails on b.yml after the notice about the ignored folder.
  auto deploy = runCli({"deploy", "--no-server-validate", "--dry-run"}, options);
  CHECK(deploy.err.find("note: ignored 'Not_A_Namespace': not a namespace folder") != std::string::npos);
  CHECK(deploy.err.find("validating 2 flow file(s)") == std::string::npos);
  auto verbose = runCli({"deploy", "--no-server-validate", "--dry-run", "-v"}, options);
  CHECK(verbose.err.find("validating 2 flow file(s) in 1 namespace(s)") != std::string::npos);
  CHECK(runCli({"deploy", "-q", "-v"}, options).exitCode == 2);  // one or the other
}
