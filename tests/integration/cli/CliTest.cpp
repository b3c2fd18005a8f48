// The binary's command-line contract: help, version, usage errors and exit codes, secrets in the env.
#include <catch2/catch_test_macros.hpp>

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

TEST_CASE("an unknown flag or sub-command prints usage on stderr and exits 2", "[cli]") {
  auto flag = runCli({"flow", "validate", "--no-such-flag", "x.yml"});
  CHECK(flag.exitCode == 2);
  CHECK(flag.out.empty());
  CHECK(flag.err.find("--no-such-flag") != std::string::npos);
  CHECK(flag.err.find("Usage:") != std::string::npos);
  auto sub = runCli({"frobnicate"});
  CHECK(sub.exitCode == 2);
  CHECK(sub.err.find("frobnicate") != std::string::npos);
  CHECK(sub.err.find("Usage:") != std::string::npos);
}

TEST_CASE("a missing required argument is named", "[cli]") {
  auto r = runCli({"flow", "namespace", "update", "prod"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("path") != std::string::npos);
  auto v = runCli({"flow", "validate"});
  CHECK(v.exitCode == 2);
  CHECK(v.err.find("path") != std::string::npos);
}
