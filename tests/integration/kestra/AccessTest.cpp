// Authentication, tenants, headers, TLS: against the fake directly (Kestra's 401/404 answers are not in the spec).
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("401 says which authentication was tried, never the secret", "[kestra][auth]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "a.yml", flowYaml("prod", "a"));
  std::vector<std::string> args{"flow", "validate", (dir / "a.yml").string(), "--server", fake.url()};

  auto none = runCli(args, cliOptions());
  CHECK(none.exitCode == 3);
  CHECK(has(none.err, "HTTP 401"));
  CHECK(has(none.err, "none was sent"));

  auto wrong = runCli(args, cliOptions({{"KESTRA_USER", kUser}, {"KESTRA_PASSWORD", "wrong-Passw0rd"}}));
  CHECK(wrong.exitCode == 3);
  CHECK(has(wrong.err, "basic auth (user 'admin@example.com')"));
  CHECK_FALSE(has(wrong.err + wrong.out, "wrong-Passw0rd"));

  auto flagArgs = args;
  flagArgs.insert(flagArgs.end(), {"--user", kUser + ":flag-Passw0rd"});
  auto flag = runCli(flagArgs, cliOptions());
  CHECK(flag.exitCode == 3);
  CHECK_FALSE(has(flag.err + flag.out, "flag-Passw0rd"));

  auto token = runCli(args, cliOptions({{"KESTRA_API_TOKEN", "bad-token-value"}}));
  CHECK(token.exitCode == 3);
  CHECK(has(token.err, "bearer API token"));
  CHECK_FALSE(has(token.err, "bad-token-value"));

  auto combined = runCli(args, cliOptions({{"KESTRA_USER", kUser + ":" + kPassword}}));  // user:password form
  CHECK(combined.exitCode == 0);
}

TEST_CASE("a wrong tenant or tenant-less path is refused with a hint naming the flag", "[kestra][tenant]") {
  TempDir dir;
  writeFile(dir / "a.yml", flowYaml("prod", "a"));
  {
    FakeKestra modern;
    auto wrongTenant = runCli({"flow", "validate", (dir / "a.yml").string(), "--server", modern.url(), "--tenant", "acme"},
                              cliOptions(basicAuthEnv()));
    CHECK(wrongTenant.exitCode == 3);
    // Kestra OSS refuses any tenant but main with a 400 (TenantValidationFilter, 1.x/2.0).
    CHECK(has(wrongTenant.err, "HTTP 400"));
    CHECK(has(wrongTenant.err, "Tenant must be 'main' for OSS version"));
    CHECK(has(wrongTenant.err, "--tenant 'acme'"));
    auto legacyFlag = runCli({"flow", "validate", (dir / "a.yml").string(), "--server", modern.url(), "--no-tenant"},
                             cliOptions(basicAuthEnv()));
    CHECK(legacyFlag.exitCode == 3);
    CHECK(has(legacyFlag.err, "drop --no-tenant"));
  }
  FakeKestra legacy({"--legacy"});
  auto ok = runCli({"flow", "namespace", "update", "prod", (dir / "a.yml").string(), "--server", legacy.url(),
                    "--no-tenant"},
                   cliOptions(basicAuthEnv()));
  CHECK(ok.exitCode == 0);
  for (const auto& request : legacy.requests()) CHECK(request["path"].get<std::string>().rfind("/api/v1/flows", 0) == 0);
  CHECK(legacy.flows()[""]["prod"].size() == 1);
}

TEST_CASE("tenant from KESTRA_TENANT, extra headers, and a namespace of the wrong shape refused before any request", "[kestra][tenant]") {
  FakeKestra fake({"--tenant", "acme"});
  TempDir dir;
  writeFile(dir / "a.yml", flowYaml("prod", "a"));
  auto env = basicAuthEnv();
  env["KESTRA_TENANT"] = "acme";
  auto r = runCli({"flow", "namespace", "update", "prod", (dir / "a.yml").string(), "--server", fake.url() + "/",
                   "--header", "X-Trace=abc", "--header", "X-Other: two words"},
                  cliOptions(env));
  CHECK(r.exitCode == 0);
  auto requests = fake.requests();
  REQUIRE_FALSE(requests.empty());
  for (const auto& request : requests) CHECK(request["path"].get<std::string>().rfind("/api/v1/acme/flows", 0) == 0);
  CHECK(requests.back()["method"] == "POST");  // the flow's creation
  CHECK(requests.back()["headers"]["x-trace"] == "abc");
  CHECK(requests.back()["headers"]["x-other"] == "two words");

  // A namespace that is not Kestra's shape never reaches a URL (PathNameTest); encoding is unit-tested.
  auto before = fake.requests().size();
  for (bool override : {false, true}) {
    std::vector<std::string> args{"flow", "namespace", "update", "my ns", (dir / "a.yml").string(), "--server",
                                  fake.url(), "--tenant", "acme", "--dry-run"};
    if (override) args.push_back("--override-namespaces");
    auto spaced = runCli(args, cliOptions(basicAuthEnv()));
    CHECK(spaced.exitCode == 2);
    CHECK(has(spaced.err, "namespace: 'my ns' is not a Kestra namespace"));
  }
  CHECK(fake.requests().size() == before);

  auto badHeader = runCli({"flow", "validate", (dir / "a.yml").string(), "--server", fake.url(), "--header", "=x"},
                          cliOptions(basicAuthEnv()));
  CHECK(badHeader.exitCode == 2);
  CHECK(has(badHeader.err, "--header"));
}

TEST_CASE("a namespace mismatch is refused before any request, naming the file and the flag", "[kestra][namespace]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/a.yml", flowYaml("prod", "a"));
  writeFile(dir / "flows/b.yml", flowYaml("dev", "b"));
  auto r = runCli({"flow", "namespace", "update", "prod", (dir / "flows").string(), "--server", fake.url()},
                  cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 1);
  std::string file = (dir / "flows/b.yml").string();
  CHECK(has(r.err, "\u2718 - " + file + "\n\tUnable to parse flow due to the following error(s):\n\t- flow 'b' has "
                   "namespace 'dev', not 'prod' (Kestra would refuse it; use --override-namespaces) (" + file + ":1:1)\n"));
  CHECK(fake.requests().empty());

  // Kestra's namespace route has no override: the namespace line is rewritten before the flow is sent.
  auto overridden = runCli({"flow", "namespace", "update", "prod", (dir / "flows").string(), "--override-namespaces",
                            "--server", fake.url()},
                           cliOptions(basicAuthEnv()));
  CHECK(overridden.exitCode == 0);
  for (const auto& request : fake.requests()) CHECK(request["query"].get<std::string>().find("override") == std::string::npos);
  CHECK(fake.flows()["main"]["prod"].size() == 2);
}
