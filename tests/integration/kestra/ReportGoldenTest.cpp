// One output model, shown: each command × each --format, run by the built binary on the
// same flows against the fake Kestra behind Prism, compared with tests/data/golden/report/<case>.<format>.txt once paths,
// ports and durations are masked. Every JSON output is also checked against its definition in
// docs/report-schema.json. KCICD_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
#include <catch2/catch_test_macros.hpp>

#include <regex>

#include "KestraServers.h"
#include "ReportSchema.h"
#include "webhook/Signature.h"

using namespace kcicd::test;

namespace {

const std::string kSecret = "golden-webhook-secret";

struct Case {
  std::string name;        // golden file stem
  std::string definition;  // docs/report-schema.json definition of its JSON output
  std::vector<std::string> args;
  std::map<std::string, std::string> files = {};  // more files of the case's folder: path → content
};

// The same flows for every command: prod/ok.yml, prod/two.yml (two flows), and, unless `valid`, prod/bad.yml.
void writeFlows(const std::filesystem::path& root, bool valid) {
  writeFile(root / "flows/prod/ok.yml", flowYaml("prod", "ok"));
  writeFile(root / "flows/prod/two.yml", flowYaml("prod", "first") + "---\n" + flowYaml("prod", "second"));
  if (!valid) writeFile(root / "flows/prod/bad.yml", "id: bad\nnamespace: prod\ntasks: []\n");
}

std::string normalized(std::string text, const std::filesystem::path& dir, const std::string& url) {
  auto replaceAll = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replaceAll(dir.string(), "<DIR>");
  replaceAll(url, "<SERVER>");
  text = std::regex_replace(text, std::regex(R"(127\.0\.0\.1:[0-9]+)"), "127.0.0.1:<PORT>");
  return std::regex_replace(text, std::regex(R"([0-9]+(\.[0-9]+)? ?(ms|s)\b)"), "<DURATION>");
}

void compareWithGolden(const std::string& name, const std::string& actual) {
  std::filesystem::path file = std::filesystem::path(KCICD_SOURCE_DIR) / "tests/data/golden/report" / (name + ".txt");
  if (const char* update = std::getenv("KCICD_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    writeFile(file, actual);
    return;
  }
  REQUIRE(std::filesystem::exists(file));
  CHECK(readFile(file.string()) == actual);
}

// Runs `c` in each format in a fresh copy of the flows, against the fake (emptied) behind Prism, compares,
// checks the JSON, and that every request and answer kept to Kestra's API spec.
void runCase(const Case& c, bool valid, const std::map<std::string, std::string>& env = {}) {
  ContractServer& server = ContractServer::instance();
  for (const std::string format : {"text", "json", "github"}) {
    INFO(c.name << " --format " << format);
    server.fake().reset();
    server.newViolations();
    TempDir dir;
    writeFlows(dir.path(), valid);
    for (const auto& [path, content] : c.files) writeFile(dir / path, content);
    std::vector<std::string> args = c.args;
    for (auto& a : args) {
      if (a == "<SERVER>") a = server.url();
      if (a.rfind("<DIR>", 0) == 0) a = dir.path().string() + a.substr(5);
    }
    args.insert(args.end(), {"--format", format});
    auto options = cliOptions(basicAuthEnv());
    for (const auto& [k, v] : env) options.env[k] = v;
    options.env["WORKING_DIR"] = dir.path().string();
    options.cwd = dir.path();
    auto r = runCli(args, options);
    std::string shown = "exit: " + std::to_string(r.exitCode) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
    CHECK(shown.find(kPassword) == std::string::npos);  // secrets stay masked on every output path
    CHECK(shown.find(kSecret) == std::string::npos);
    compareWithGolden(c.name + "." + format, normalized(shown, dir.path(), server.url()));
    CHECK(server.newViolations().empty());
    if (format == "json" && !r.out.empty()) CHECK(reportViolations(nlohmann::json::parse(r.out), c.definition).empty());
  }
}

}  // namespace

TEST_CASE("flow validate prints the golden report in each format, offline and on a server", "[kestra][report][golden]") {
  runCase({"validate-local", "flowValidate", {"flow", "validate", "--local", "<DIR>/flows"}}, false);
  runCase({"validate-server", "flowValidate", {"flow", "validate", "<DIR>/flows", "--server", "<SERVER>"}}, false);
}

TEST_CASE("flow namespace update prints the golden report in each format", "[kestra][report][golden]") {
  std::vector<std::string> update{"flow", "namespace", "update", "prod", "<DIR>/flows/prod", "--server", "<SERVER>"};
  runCase({"namespace-update-refused", "flowNamespaceUpdate", update}, false);
  runCase({"namespace-update", "flowNamespaceUpdate", update}, true);
  update.push_back("--dry-run");
  runCase({"namespace-update-dry-run", "flowNamespaceUpdate", update}, true);
}

TEST_CASE("deploy prints the golden report in each format", "[kestra][report][golden]") {
  std::vector<std::string> deploy{"deploy", "--server", "<SERVER>"};
  runCase({"deploy-refused", "deploy", deploy}, false);
  runCase({"deploy", "deploy", deploy}, true);
  deploy.push_back("--dry-run");
  runCase({"deploy-dry-run", "deploy", deploy}, true);
}

TEST_CASE("namespace files update prints the golden report in each format", "[kestra][report][golden]") {
  std::vector<std::string> update{"namespace", "files", "update", "prod", "<DIR>/files", "--server", "<SERVER>"};
  std::map<std::string, std::string> files{{"files/scripts/run.sh", "echo hi\n"}, {"files/data.csv", "a,b\n"}};
  runCase({"namespace-files-update", "namespaceFilesUpdate", update, files}, true);
  update.push_back("--dry-run");
  runCase({"namespace-files-update-dry-run", "namespaceFilesUpdate", update, files}, true);
}

TEST_CASE("webhook verify prints the golden report in each format", "[kestra][report][golden]") {
  std::string body = readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/github-push.json");
  std::map<std::string, std::string> env{{"WEBHOOK_SECRET", kSecret}};
  std::vector<std::string> verify{"webhook", "verify", "--body", "body.json", "--event", "push", "--provider", "github",
                                  "--signature", kcicd::webhook::githubSignature(body, kSecret)};
  runCase({"webhook-verify", "webhookVerify", verify, {{"body.json", body}}}, true, env);
  verify.back() = "sha256=" + std::string(64, '0');
  runCase({"webhook-verify-rejected", "webhookVerify", verify, {{"body.json", body}}}, true, env);
}
