// kestractl's settings (KESTRACTL_HOST, _TOKEN, _USERNAME, _PASSWORD, _TENANT and their SECRET_ forms) are
// read when the KESTRA_* ones are unset, so a pipeline moving off kestractl keeps its secrets.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"
#include "runtime/Base64.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

RunOptions kestractlOptions(std::map<std::string, std::string> env) {
  auto options = cliOptions(std::move(env));
  for (const char* name : {"KESTRACTL_HOST", "KESTRACTL_TOKEN", "KESTRACTL_USERNAME", "KESTRACTL_PASSWORD",
                           "KESTRACTL_TENANT", "SECRET_KESTRACTL_TOKEN", "SECRET_KESTRACTL_PASSWORD"})
    if (!options.env.count(name)) options.unsetEnv.push_back(name);
  return options;
}

std::vector<std::string> validate(const TempDir& work) { return {"flow", "validate", (work / "a.yml").string()}; }
}  // namespace

TEST_CASE("KESTRACTL_HOST, _USERNAME and SECRET_KESTRACTL_PASSWORD reach the server when KESTRA_* are unset", "[kestra][kestractl]") {
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  FakeKestra fake;
  auto r = runCli(validate(work), kestractlOptions({{"KESTRACTL_HOST", fake.url()},
                                                    {"KESTRACTL_USERNAME", kUser},
                                                    {"SECRET_KESTRACTL_PASSWORD", kcicd::base64::encode(kPassword)}}));
  INFO(r.err);
  CHECK(r.exitCode == 0);
  REQUIRE(fake.requests().size() == 1);
  CHECK(fake.requests()[0]["authorization"] == "Basic");

  auto wrong = runCli(validate(work), kestractlOptions({{"KESTRACTL_HOST", fake.url()},
                                                        {"KESTRACTL_USERNAME", kUser},
                                                        {"KESTRACTL_PASSWORD", "not-the-Pa55word"}}));
  CHECK(wrong.exitCode == 3);
  CHECK(has(wrong.err, "401"));
  CHECK_FALSE(has(wrong.out + wrong.err, "not-the-Pa55word"));

  auto noPassword = runCli(validate(work), kestractlOptions({{"KESTRACTL_HOST", fake.url()}, {"KESTRACTL_USERNAME", kUser}}));
  CHECK(noPassword.exitCode == 2);
  CHECK(has(noPassword.err, "KESTRACTL_USERNAME is set but KESTRACTL_PASSWORD is not"));
}

TEST_CASE("KESTRACTL_TOKEN and KESTRACTL_TENANT are used; KESTRA_* and flags win over them", "[kestra][kestractl]") {
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  FakeKestra fake({"--tenant", "team"});
  auto r = runCli(validate(work), kestractlOptions({{"KESTRACTL_HOST", fake.url()},
                                                    {"KESTRACTL_TOKEN", kToken},
                                                    {"KESTRACTL_TENANT", "team"}}));
  INFO(r.err);
  CHECK(r.exitCode == 0);
  REQUIRE(fake.requests().size() == 1);
  CHECK(fake.requests()[0]["authorization"] == "Bearer");
  CHECK(fake.requests()[0]["path"] == "/api/v1/team/flows/validate");

  // KESTRA_SERVER and --tenant win: the unreachable kestractl host and tenant are not used.
  auto env = basicAuthEnv();
  env.insert({{"KESTRA_SERVER", fake.url()}, {"KESTRACTL_HOST", "http://127.0.0.1:1"}, {"KESTRACTL_TENANT", "other"},
              {"KESTRACTL_TOKEN", "kestractl-token-unused"}});
  auto args = validate(work);
  args.insert(args.end(), {"--tenant", "team"});
  auto precedence = runCli(args, kestractlOptions(env));
  INFO(precedence.err);
  CHECK(precedence.exitCode == 0);
  CHECK(fake.requests().back()["authorization"] == "Basic");  // KESTRA_USER before KESTRACTL_TOKEN
  CHECK(fake.requests().back()["path"] == "/api/v1/team/flows/validate");
}
