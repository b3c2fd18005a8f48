// flow validate --local --plugin-schema-from SERVER: the server's flow schema (GET /api/v1/plugins/schemas/flow),
// fetched once per server and version into the cache, reused offline.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t schemaRequests(FakeKestra& fake) {
  std::size_t n = 0;
  for (const auto& r : fake.requests())
    if (r["path"] == "/api/v1/plugins/schemas/flow") ++n;
  return n;
}
}  // namespace

TEST_CASE("the server's plugin schema is fetched once into the cache, then used offline", "[kestra][plugin-schema]") {
  const std::string schema = std::string(KCICD_SOURCE_DIR) + "/tests/data/plugin-schema/flow-schema.json";
  TempDir dir, cache;
  writeFile(dir / "f.yml", "id: f\nnamespace: company.team\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n"
                           "    format:\n      not: a string\n");
  auto env = basicAuthEnv();
  env["KESTRA_CICD_CACHE_DIR"] = cache.path().string();
  std::string server;
  {
    FakeKestra fake({"--kestra", "2.0.4", "--plugin-schema", schema});
    server = fake.url();
    auto first = runCli({"flow", "validate", "--local", dir.path().string(), "--plugin-schema-from", server},
                        cliOptions(env));
    INFO(first.out << first.err);
    CHECK(first.exitCode == 1);  // the schema refuses format: {not: …}; the catalog alone accepts it
    CHECK(has(first.err, " : tasks[0].format (" + (dir / "f.yml").string() + ":7:7)"));
    CHECK(has(first.err, "note: plugin schema of Kestra 2.0.4 at " + server + " downloaded to " + cache.path().string()));
    CHECK(schemaRequests(fake) == 1);

    auto second = runCli({"flow", "validate", "--local", dir.path().string(), "--plugin-schema-from", server},
                         cliOptions(env));
    CHECK(second.exitCode == 1);
    CHECK(has(second.err, "from the cache"));
    CHECK(schemaRequests(fake) == 1);  // only /api/v1/configs this time
  }
  // The server is gone: the cached schema of that server still checks the flows.
  auto offline = runCli({"flow", "validate", "--local", dir.path().string(), "--plugin-schema-from", server,
                         "--connect-timeout", "1"}, cliOptions(env));
  INFO(offline.err);
  CHECK(offline.exitCode == 1);
  CHECK(has(offline.err, "note: the server did not answer ("));
  CHECK(has(offline.err, " : tasks[0].format ("));

  TempDir empty;
  env["KESTRA_CICD_CACHE_DIR"] = empty.path().string();
  auto nothing = runCli({"flow", "validate", "--local", dir.path().string(), "--plugin-schema-from", server,
                         "--connect-timeout", "1"}, cliOptions(env));
  CHECK(nothing.exitCode == 3);
  CHECK(has(nothing.err, "cannot connect to"));
}

TEST_CASE("a plugin schema is an offline check: without --local it is a usage error", "[kestra][plugin-schema]") {
  TempDir dir;
  writeFile(dir / "f.yml", flowYaml("prod", "f"));
  FakeKestra fake;
  auto r = runCli({"flow", "validate", dir.path().string(), "--plugin-schema-from", fake.url(), "--server", fake.url()},
                  cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 2);
  CHECK(has(r.err, "--plugin-schema-from checks flows offline: add --local"));
  CHECK(fake.requests().empty());
}
