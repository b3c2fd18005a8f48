// Names given on the command line end up in API paths: Kestra's patterns are checked first, so `..`, a
// slash or an empty tenant never reach a URL (security issue: `..` as namespace or tenant).
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a namespace, flow id or tenant that is not Kestra's shape is refused before any request", "[kestra][names]") {
  TempDir work;
  writeFile(work / "prod/a.yml", flowYaml("prod", "a"));
  FakeKestra fake;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::string dir = (work / "prod").string();
  std::vector<Case> cases{
      {{"flow", "namespace", "update", "..", dir}, "namespace: '..' is not a Kestra namespace"},
      {{"flow", "namespace", "update", "Prod", dir}, "namespace: 'Prod' is not a Kestra namespace"},
      {{"flow", "revisions", "..", "a"}, "namespace: '..' is not a Kestra namespace"},
      {{"flow", "revisions", "prod", ".."}, "id: '..' is not a Kestra flow id"},
      {{"flow", "rollback", "prod", "a/../../b"}, "id: 'a/../../b' is not a Kestra flow id"},
      {{"flow", "revisions", "prod", "a", "--tenant", ".."}, "--tenant (KESTRA_TENANT, KESTRACTL_TENANT) '..' is not a Kestra tenant id"},
      {{"flow", "validate", dir, "--tenant", "main/../x"}, "--tenant (KESTRA_TENANT, KESTRACTL_TENANT) 'main/../x' is not a Kestra tenant id"},
  };
  for (auto& c : cases) {
    c.args.insert(c.args.end(), {"--server", fake.url()});
    auto r = runCli(c.args, cliOptions(basicAuthEnv()));
    INFO(c.args[1] + " " + c.args[2] + "\n" + r.err);
    CHECK(r.exitCode == 2);
    CHECK(has(r.err, "error: " + c.message));
  }
  auto env = basicAuthEnv();
  env["KESTRA_TENANT"] = "..";
  auto fromEnv = runCli({"flow", "validate", dir, "--server", fake.url()}, cliOptions(env));
  CHECK(fromEnv.exitCode == 2);
  CHECK(has(fromEnv.err, "KESTRA_TENANT"));
  CHECK(fake.requests().empty());
}
