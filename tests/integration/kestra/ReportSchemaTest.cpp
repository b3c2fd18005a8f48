// One report model: every command's `--format json` validates against docs/report-schema.json (checked with
// the project's own JSON Schema validator, src/schema). ReportGoldenTest checks each golden JSON output too.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"
#include "ReportSchema.h"

using namespace kcicd::test;

TEST_CASE("flow validate's JSON has one shape, offline and on a server, and it is the documented one", "[kestra][report]") {
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
    CHECK(reportViolations(report, "flowValidate").empty());
    CHECK(reportViolations(report).empty());
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
  CHECK_FALSE(reportViolations(wrong, "flowValidate").empty());
  CHECK_FALSE(reportViolations(wrong).empty());
}

TEST_CASE("flow namespace update and deploy report flows in flow validate's shape, in every outcome", "[kestra][report]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/prod/ok.yml", flowYaml("prod", "ok"));
  writeFile(dir / "flows/prod/two.yml", flowYaml("prod", "first") + "---\n" + flowYaml("prod", "second"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  options.env["WORKING_DIR"] = dir.path().string();
  auto json = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--server", fake.url(), "--format", "json"});
    auto r = runCli(args, options);
    INFO(r.out << r.err);
    auto report = nlohmann::json::parse(r.out);
    CHECK(reportViolations(report, args[0] == "deploy" ? "deploy" : "flowNamespaceUpdate").empty());
    CHECK(reportViolations(report).empty());
    return std::make_pair(r.exitCode, report);
  };
  std::vector<std::string> update{"flow", "namespace", "update", "prod", (dir / "flows/prod").string()};
  auto [planned, plan] = json({"flow", "namespace", "update", "prod", (dir / "flows/prod").string(), "--dry-run"});
  CHECK(planned == 0);
  std::map<std::string, std::tuple<std::string, int, std::string>> where;  // id → file, document, change
  for (const auto& d : plan["documents"])
    where[d["id"]] = {std::filesystem::path(d["file"].get<std::string>()).filename(), d["document"], d["change"]};
  CHECK(where["second"] == std::tuple<std::string, int, std::string>{"two.yml", 1, "ADDED"});
  CHECK(plan["summary"]["documents"] == 3);
  CHECK(plan["summary"]["files"] == 2);

  // A failed write, rolled back; then a deploy refused on the server, and a drift check.
  fake.setFault("error-500", 1, "POST", 1, "/flows");
  auto [failed, failure] = json(update);
  CHECK(failed == 3);
  CHECK(failure["failure"].is_object());
  fake.setFault("none");
  writeFile(dir / "flows/prod/bad.yml", "id: bad\nnamespace: prod\ntasks: []\n");
  auto [refused, report] = json({"deploy", "--no-server-validate"});
  CHECK(refused == 1);
  CHECK(report["summary"]["invalid"] == 1);
  std::filesystem::remove(dir / "flows/prod/bad.yml");
  auto [drifted, drift] = json({"deploy", "--check"});
  CHECK(drifted == 4);
  CHECK(drift["drift"].size() == 3);
}

TEST_CASE("a secret inside a flow result is masked in every format", "[kestra][report][security]") {
  FakeKestra fake;
  TempDir dir;
  // A flow id may be any word, the password too: the id is printed in every format.
  writeFile(dir / "prod/leak.yml", flowYaml("prod", kPassword) + "---\nid: other\nnamespace: dev\n");
  for (const std::string format : {"text", "json", "github"}) {
    auto r = runCli({"flow", "namespace", "update", "prod", (dir / "prod").string(), "--server", fake.url(), "--format",
                     format}, cliOptions(basicAuthEnv()));
    INFO(format << "\n" << r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK((r.out + r.err).find(kPassword) == std::string::npos);
    CHECK((r.out + r.err).find("leak.yml") != std::string::npos);
  }
}

TEST_CASE("a deploy refused after the offline validation names the refused flow in its result", "[kestra][report]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/prod/ok.yml", flowYaml("prod", "ok"));
  writeFile(dir / "flows/prod/copy.yml", flowYaml("prod", "ok", "other"));  // valid alone, a duplicate id together
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  options.env["WORKING_DIR"] = dir.path().string();
  auto r = runCli({"deploy", "--dry-run", "--server", fake.url(), "--format", "json"}, options);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  auto report = nlohmann::json::parse(r.out);
  CHECK(reportViolations(report, "deploy").empty());
  CHECK(report["summary"]["invalid"] == 1);
  for (const auto& d : report["documents"])
    if (!d["valid"].get<bool>())
      CHECK(d["errors"][0]["message"].get<std::string>().find("is also defined in") != std::string::npos);
}
