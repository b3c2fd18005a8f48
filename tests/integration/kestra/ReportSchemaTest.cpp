// One report model: `flow validate --format json`, offline and on a server, validates against
// docs/report-schema.json (checked with the project's own JSON Schema validator, src/schema).
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"
#include "schema/JsonSchema.h"

using namespace kcicd::test;

namespace {
std::string violations(const kcicd::schema::JsonSchema& schema, const nlohmann::json& report) {
  std::string out;
  for (const auto& v : schema.validate(report)) out += v.pointer + ": " + v.message + "\n";
  return out;
}
}  // namespace

TEST_CASE("flow validate's JSON has one shape, offline and on a server, and it is the documented one", "[kestra][report]") {
  auto schema = kcicd::schema::JsonSchema::compile(
      nlohmann::json::parse(readFile(std::string(KCICD_SOURCE_DIR) + "/docs/report-schema.json")));
  TempDir dir;
  writeFile(dir / "ok.yml", flowYaml("prod", "ok"));
  writeFile(dir / "two.yml", flowYaml("prod", "first") + "---\n" + flowYaml("prod", "second"));
  writeFile(dir / "bad.yml", "id: bad\nnamespace: prod\ntasks: []\n");
  writeFile(dir / "typo.yml", "id: typo\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n"
                              "    mesage: hi\n  - id: s\n    type: io.kestra.plugin.scripts.shell.Commands\n");
  FakeKestra fake;
  auto local = runCli({"flow", "validate", "--local", "--format", "json", dir.path().string()}, cliOptions());
  auto server = runCli({"flow", "validate", "--format", "json", dir.path().string(), "--server", fake.url()},
                       cliOptions(basicAuthEnv()));
  for (const auto* run : {&local, &server}) {
    INFO(run->out << run->err);
    CHECK(run->exitCode == 1);
    auto report = nlohmann::json::parse(run->out);
    CHECK(violations(schema, report).empty());
    CHECK(report["summary"]["documents"] == 5);
    CHECK(report["summary"]["files"] == 4);
    std::map<std::string, std::pair<std::string, int>> where;  // id → file, document index
    for (const auto& d : report["documents"])
      if (d["id"].is_string()) where[d["id"]] = {std::filesystem::path(d["file"].get<std::string>()).filename(), d["document"]};
    CHECK(where["second"] == std::pair<std::string, int>{"two.yml", 1});
    CHECK(where["bad"] == std::pair<std::string, int>{"bad.yml", 0});
  }
  // The schema is not a formality: a report of another shape fails it.
  auto wrong = nlohmann::json::parse(server.out);
  wrong["documents"][0]["flow"] = "prod.ok";
  CHECK_FALSE(violations(schema, wrong).empty());
}
