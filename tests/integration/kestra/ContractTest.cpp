// flow validate / flow namespace update against the fake Kestra behind Prism: every request and response
// must match Kestra's OpenAPI 1.3.0 spec (any Prism violation fails the test).
#include <catch2/catch_test_macros.hpp>

#include <set>

#include "KestraServers.h"
#include "runtime/Frame.h"

using namespace kcicd::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ContractServer& contract() {
  auto& server = ContractServer::instance();
  server.fake().reset();
  server.newViolations();
  return server;
}

void requireNoViolation(ContractServer& server) {
  auto violations = server.newViolations();
  for (const auto& v : violations) UNSCOPED_INFO(v);
  CHECK(violations.empty());
}

// The outputs frame the command printed (with --frames always).
nlohmann::json outputsFrame(const std::string& out) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (auto json = kcicd::frame::match(line)) {
      auto value = nlohmann::json::parse(*json);
      if (value.contains("outputs")) return value["outputs"];
    }
  return nullptr;
}

}  // namespace

// One test case, one section per scenario: ctest runs each test case in its own process, and Prism (seconds
// to start) is shared by every section of this process.
TEST_CASE("flow validate and flow namespace update conform to Kestra's OpenAPI spec (Prism)", "[kestra][contract]") {
  SECTION("flow validate maps server results back to files and exits 1 when a flow is invalid") {
    auto& server = contract();
    TempDir dir;
    writeFile(dir / "flows/a.yml", flowYaml("prod", "a"));
    writeFile(dir / "flows/b.yml",
              "id: b\nnamespace: prod\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.debug.UnknownTask\n");
    writeFile(dir / "flows/c.yml", flowYaml("prod", "c1") + "---\nid: c2\nnamespace: prod\n");
    writeFile(dir / "flows/d.yml", flowYaml("prod", "d"));

    auto r = runCli({"flow", "validate", (dir / "flows").string(), "--server", server.url()}, cliOptions(basicAuthEnv()));
    CHECK(r.exitCode == 1);
    CHECK(has(r.out, "✓ - prod.a\n"));
    CHECK(has(r.out, "✓ - prod.c1\n"));
    CHECK(has(r.out, "✓ - prod.d\n"));
    std::string b = (dir / "flows/b.yml").string(), c = (dir / "flows/c.yml").string();
    CHECK(has(r.err, "✘ - " + b + "\n\tUnable to parse flow due to the following error(s):\n"
                         "\t- Invalid type: io.kestra.plugin.core.debug.UnknownTask (" + b + ":1:1)\n"));
    // The second document of c.yml took index 2 but is reported against c.yml (at its line), not d.yml.
    CHECK(has(r.err, "✘ - " + c + "\n\tUnable to parse flow due to the following error(s):\n"
                         "\t- tasks: must not be empty (" + c + ":"));
    CHECK_FALSE(has(r.err, "d.yml"));

    auto requests = server.fake().requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0]["method"] == "POST");
    CHECK(requests[0]["path"] == "/api/v1/main/flows/validate");
    CHECK(requests[0]["contentType"] == "application/x-yaml");
    CHECK(requests[0]["authorization"] == "Basic");
    requireNoViolation(server);
  }

  SECTION("flow validate --format json and github, and the outputs frame") {
    auto& server = contract();
    TempDir dir;
    writeFile(dir / "ok.yml", flowYaml("prod", "ok"));
    writeFile(dir / "bad.yml", "id: bad\nnamespace: prod\ntasks: []\n");

    auto json = runCli({"flow", "validate", dir.path().string(), "--server", server.url(), "--format", "json"},
                       cliOptions({{"KESTRA_API_TOKEN", kToken}}));
    CHECK(json.exitCode == 1);
    auto doc = nlohmann::json::parse(json.out);  // the document model of --local (docs/report-schema.json)
    CHECK(doc["summary"]["valid"] == 1);
    CHECK(doc["summary"]["invalid"] == 1);
    CHECK(doc["summary"]["documents"] == 2);
    REQUIRE(doc["documents"].size() == 2);
    CHECK(doc["documents"][0]["file"] == (dir / "bad.yml").string());
    CHECK(doc["documents"][0]["document"] == 0);
    CHECK(doc["documents"][0]["line"] == 1);
    CHECK(doc["documents"][0]["valid"] == false);
    CHECK(doc["documents"][0]["errors"][0]["message"] == "tasks: must not be empty");
    CHECK(doc["documents"][1]["id"] == "ok");
    CHECK(doc["documents"][1]["namespace"] == "prod");
    CHECK(server.fake().requests()[0]["authorization"] == "Bearer");

    auto github = runCli({"flow", "validate", dir.path().string(), "--server", server.url(), "--format", "github"},
                         cliOptions(basicAuthEnv()));
    CHECK(github.exitCode == 1);
    CHECK(has(github.out, "::error file=" + (dir / "bad.yml").string() +
                              ",line=1,col=1,title=Kestra flow prod.bad::tasks: must not be empty\n"));
    CHECK(has(github.out, "::notice title=kestra-cicd::1 valid, 1 invalid flow(s) in 2 file(s)\n"));

    auto frames = runCli({"--frames", "always", "flow", "validate", (dir / "ok.yml").string(), "--server", server.url()},
                         cliOptions(basicAuthEnv()));
    CHECK(frames.exitCode == 0);
    auto outputs = outputsFrame(frames.out);
    REQUIRE(outputs.is_object());
    CHECK(outputs["valid"] == 1);
    CHECK(outputs["invalid"] == 0);
    CHECK(has(frames.out, "\"flows.valid\""));
    requireNoViolation(server);
  }

  SECTION("flow namespace update writes flow by flow: POST new flows, PUT changed ones, DELETE with --delete") {
    auto& server = contract();
    TempDir dir;
    writeFile(dir / "prod/a.yml", flowYaml("prod", "a"));
    writeFile(dir / "prod/b.yml", flowYaml("prod", "b"));
    writeFile(dir / "prod/old.yml", flowYaml("prod", "old"));
    auto opts = cliOptions(basicAuthEnv());

    auto first = runCli({"flow", "namespace", "update", "prod", (dir / "prod").string(), "--server", server.url()}, opts);
    CHECK(first.exitCode == 0);
    CHECK(first.out == "3 flow(s) for namespace 'prod' successfully updated!\n- prod.a (created, revision 1)\n"
                       "- prod.b (created, revision 1)\n- prod.old (created, revision 1)\n");
    requireNoViolation(server);

    writeFile(dir / "prod/b.yml", flowYaml("prod", "b", "changed"));
    writeFile(dir / "prod/c.yml", flowYaml("prod", "c"));
    std::filesystem::remove(dir / "prod/old.yml");
    auto requestsBefore = server.fake().requests().size();
    auto second = runCli({"--frames", "always", "flow", "namespace", "update", "prod", (dir / "prod").string(),
                          "--delete", "--server", server.url()},
                         opts);
    CHECK(second.exitCode == 0);
    auto outputs = outputsFrame(second.out);
    REQUIRE(outputs.is_object());
    CHECK(outputs["namespace"] == "prod");
    CHECK(outputs["createdFlows"] == nlohmann::json::array({"c"}));
    CHECK(outputs["updatedFlows"] == nlohmann::json::array({"b"}));
    CHECK(outputs["unchangedFlows"] == nlohmann::json::array({"a"}));
    CHECK(outputs["deletedFlows"] == nlohmann::json::array({"old"}));
    std::multiset<std::string> writes;
    auto requests = server.fake().requests();
    for (std::size_t i = requestsBefore; i < requests.size(); ++i)
      if (requests[i]["method"] != "GET" && requests[i]["path"] != "/api/v1/main/flows/validate")
        writes.insert(requests[i]["method"].get<std::string>() + " " + requests[i]["path"].get<std::string>());
    CHECK(writes == std::multiset<std::string>{"POST /api/v1/main/flows", "PUT /api/v1/main/flows/prod/b",
                                               "DELETE /api/v1/main/flows/prod/old"});
    requireNoViolation(server);
  }

  SECTION("flow namespace update --dry-run prints the plan and writes nothing") {
    auto& server = contract();
    TempDir dir;
    auto opts = cliOptions(basicAuthEnv());
    writeFile(dir / "remote/same.yml", flowYaml("prod", "same"));
    writeFile(dir / "remote/spaces.yml", flowYaml("prod", "spaces"));
    writeFile(dir / "remote/changed.yml", flowYaml("prod", "changed"));
    writeFile(dir / "remote/gone.yml", flowYaml("prod", "gone"));
    REQUIRE(runCli({"flow", "namespace", "update", "prod", (dir / "remote").string(), "--server", server.url()}, opts)
                .exitCode == 0);
    writeFile(dir / "prod/same.yml", flowYaml("prod", "same"));
    writeFile(dir / "prod/spaces.yml", flowYaml("prod", "spaces") + "\n");  // one byte more: a new revision
    writeFile(dir / "prod/changed.yml", flowYaml("prod", "changed", "new text"));
    writeFile(dir / "prod/fresh.yml", flowYaml("prod", "fresh"));
    auto before = server.fake().flows();
    auto requestsBefore = server.fake().requests().size();

    auto r = runCli({"flow", "namespace", "update", "prod", (dir / "prod").string(), "--dry-run", "--delete",
                     "--server", server.url()},
                    opts);
    CHECK(r.exitCode == 0);
    CHECK(has(r.out, "UNCHANGED prod.same\n"));
    CHECK(has(r.out, "UPDATED prod.spaces\n"));
    CHECK(has(r.out, "ADDED prod.fresh\n"));
    CHECK(has(r.out, "DELETED prod.gone\n"));
    CHECK(has(r.out, "UPDATED prod.changed\n--- server/prod.changed\n+++ " + (dir / "prod/changed.yml").string() + "\n"));
    CHECK(has(r.out, "-    message: hello\n+    message: new text\n"));
    CHECK(has(r.out, "nothing was written"));
    CHECK(server.fake().flows() == before);
    auto requests = server.fake().requests();
    for (std::size_t i = requestsBefore; i < requests.size(); ++i)
      CHECK((requests[i]["method"] == "GET" || requests[i]["path"] == "/api/v1/main/flows/validate"));

    auto noDelete = runCli({"flow", "namespace", "update", "prod", (dir / "prod").string(), "--dry-run", "--format",
                            "json", "--server", server.url()},
                           opts);
    CHECK(noDelete.exitCode == 0);
    auto doc = nlohmann::json::parse(noDelete.out);
    CHECK(doc["deleted"] == 0);  // DELETED only with --delete
    CHECK(doc["added"] == 1);
    CHECK(doc["updated"] == 2);
    CHECK(doc["unchanged"] == 1);
    CHECK(server.fake().flows() == before);
    requireNoViolation(server);
  }
}

TEST_CASE("namespace files update conforms to Kestra's OpenAPI spec (Prism)", "[kestra][contract][namespace-files]") {
  auto& server = contract();
  TempDir dir;
  writeFile(dir / "src/a.txt", "a\n");
  writeFile(dir / "src/sub/b.bin", std::string("b\0b", 3));
  server.fake().seedFile("prod", "/gone.txt", "gone\n");
  server.fake().seedFile("prod", "/sub/b.bin", std::string("x\0x", 3));
  auto r = runCli({"namespace", "files", "update", "prod", (dir / "src").string(), "--delete", "--server", server.url()},
                  cliOptions(basicAuthEnv()));
  INFO(r.err);
  CHECK(r.exitCode == 0);
  CHECK(server.fake().files("prod") == std::map<std::string, std::string>{{"/a.txt", "a\n"}, {"/sub/b.bin", std::string("b\0b", 3)}});
  requireNoViolation(server);
}
