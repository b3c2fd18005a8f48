// flow revisions / flow rollback against the fake Kestra of each modelled version.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include "KestraServers.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string source(FakeKestra& fake, const std::string& ns, const std::string& id) {
  return fake.state()["main"][ns][id]["source"].get<std::string>();
}
}  // namespace

TEST_CASE("flow revisions lists a flow's revisions; flow rollback puts one back as a new revision", "[kestra][rollback]") {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  INFO("Kestra " << version);
  FakeKestra fake({"--kestra", version});
  auto opts = cliOptions(basicAuthEnv());
  for (const char* message : {"one", "two", "three"}) fake.seed("prod", flowYaml("prod", "a", message));

  auto list = runCli({"flow", "revisions", "prod", "a", "--server", fake.url()}, opts);
  INFO(list.err);
  CHECK(list.exitCode == 0);
  CHECK(list.out == "revision 3 (current)\nrevision 2\nrevision 1\n");

  auto dry = runCli({"flow", "rollback", "prod", "a", "--dry-run", "--server", fake.url()}, opts);
  CHECK(dry.exitCode == 0);
  CHECK(has(dry.out, "would go back to revision 2's source"));
  CHECK(has(dry.out, "-    message: three\n+    message: two\n"));
  CHECK(source(fake, "prod", "a") == flowYaml("prod", "a", "three"));

  auto back = runCli({"flow", "rollback", "prod", "a", "--server", fake.url(), "--format", "json"}, opts);
  REQUIRE(back.exitCode == 0);
  auto doc = json::parse(back.out);
  CHECK(doc["from"] == 3);
  CHECK(doc["to"] == 2);
  CHECK(doc["revision"] == 4);
  CHECK(source(fake, "prod", "a") == flowYaml("prod", "a", "two"));

  auto first = runCli({"flow", "rollback", "prod", "a", "--revision", "1", "--server", fake.url()}, opts);
  CHECK(first.exitCode == 0);
  CHECK(has(first.out, "rolled back to revision 1's source (now revision 5)"));
  CHECK(source(fake, "prod", "a") == flowYaml("prod", "a", "one"));

  auto same = runCli({"flow", "rollback", "prod", "a", "--revision", "5", "--server", fake.url()}, opts);
  CHECK(same.exitCode == 0);
  CHECK(has(same.out, "nothing to do"));
  CHECK(fake.state()["main"]["prod"]["a"]["revision"] == 5);

  auto missingRevision = runCli({"flow", "rollback", "prod", "a", "--revision", "42", "--server", fake.url()}, opts);
  CHECK(missingRevision.exitCode == 1);
  CHECK(has(missingRevision.err, "has no revision 42"));
  auto missingFlow = runCli({"flow", "rollback", "prod", "nope", "--server", fake.url()}, opts);
  CHECK(missingFlow.exitCode == 1);
  CHECK(has(missingFlow.err, "flow 'prod.nope' does not exist on the server"));
  auto noRevisions = runCli({"flow", "revisions", "prod", "nope", "--server", fake.url()}, opts);
  CHECK(noRevisions.exitCode == 1);
}
