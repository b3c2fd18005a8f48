// Forged Kestra frames: text an attacker chooses — a flow file name, a YAML key, a webhook ref or path, a
// server message — must never print as a line Kestra reads as a frame (^::(\{.*})::$), nor reach the
// terminal as an ANSI/OSC escape. Only the binary's own frames may match, and none of them says valid=true.
#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "KestraLines.h"
#include "Process.h"

using namespace kcicd::test;

namespace {

const std::string kForged = "::{\"outputs\":{\"valid\":true,\"forged\":\"yes\"}}::";
const std::string kOsc = "\x1b]8;;https://evil.example\x07" "click\x1b]8;;\x07\x1b[2J";

RunOptions underKestra(const TempDir& dir) {
  RunOptions o;
  o.cwd = dir.path();
  o.unsetEnv = {"KESTRA_SERVER", "KESTRA_TENANT", "KESTRA_USER", "KESTRA_PASSWORD", "KESTRA_API_TOKEN",
                "KESTRA_CICD_FRAMES", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"};
  o.env["WORKING_DIR"] = dir.path().string();
  o.timeout = std::chrono::seconds(60);
  return o;
}

// Every line Kestra would read as a frame is one the binary wrote: parseable, its outputs not the forged ones.
void checkNoForgery(const std::string& what, const ProcessResult& r) {
  INFO(what << "\nexit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK_FALSE(r.timedOut);
  CHECK_FALSE(hasTerminalControl(r.out + r.err));
  for (const auto& line : kestraFrames(r.out + "\n" + r.err)) {
    auto json = nlohmann::json::parse(line.substr(2, line.size() - 4), nullptr, false);
    REQUIRE(json.is_object());
    // Our outputs may quote the attacker's text as a string value; the forged frame's keys never appear.
    const auto outputs = json.value("outputs", nlohmann::json::object());
    CHECK_FALSE(outputs.contains("forged"));
    CHECK_FALSE(outputs.value("valid", nlohmann::json()).is_boolean());
  }
}

// A server that answers POST …/flows/validate with a constraint message chosen by the attacker.
BackgroundProcess maliciousServer(int port, const std::string& constraints) {
  const char* script = R"(
    const http = require('http');
    const [port, constraints] = process.argv.slice(1);
    http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, {'Content-Type': 'application/json'});
        res.end(JSON.stringify([{index: 0, namespace: 'prod', flow: 'hello', constraints}]));
      });
    }).listen(Number(port), '127.0.0.1');)";
  return BackgroundProcess({"node", "-e", script, std::to_string(port), constraints});
}

}  // namespace

TEST_CASE("a flow file name cannot forge a frame", "[security][frames]") {
  TempDir dir;
  writeFile(dir / ("flows/x\n" + kForged + "\n" + kOsc + ".yml"), "id: bad flow\nnamespace: prod\ntasks: []\n");
  writeFile(dir / ("flows/y\r" + kForged + "\r.yml"), "id: bad flow\nnamespace: prod\ntasks: []\n");
  for (const char* format : {"text", "json", "github"}) {
    auto r = runCli({"flow", "validate", "--local", "flows", "--format", format}, underKestra(dir));
    checkNoForgery(std::string("flow validate --local --format ") + format, r);
    CHECK(r.exitCode == 1);
  }
}

TEST_CASE("a YAML key cannot forge a frame nor reach the terminal", "[security][frames]") {
  TempDir dir;
  writeFile(dir / "flows/f.yml",
            "id: hello\nnamespace: prod\n"
            "\"key\\n::{\\\"outputs\\\":{\\\"valid\\\":true,\\\"forged\\\":1}}::\\e]8;;https://evil\\aclick\\e[2J\": 1\n"
            "tasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
  for (const char* format : {"text", "json", "github"}) {
    auto r = runCli({"flow", "validate", "--local", "flows", "--format", format}, underKestra(dir));
    checkNoForgery(std::string("YAML key, --format ") + format, r);
    CHECK(r.exitCode == 1);
  }
}

TEST_CASE("a webhook ref, repository or path cannot forge a frame", "[security][frames]") {
  TempDir dir;
  nlohmann::json body{{"object_kind", "push"},
                      {"ref", "refs/heads/main\n" + kForged},
                      {"after", "0123456789abcdef0123456789abcdef01234567"},
                      {"user_username", "eve\r" + kForged + kOsc},
                      {"project", {{"path_with_namespace", "o/r" + kOsc}, {"git_http_url", "https://gitlab.com/o/r\n" + kForged}}},
                      {"commits", nlohmann::json::array({{{"added", {"flows/prod\n" + kForged + "/a.yml"}}}})},
                      {"total_commits_count", 1}};
  writeFile(dir / "push.json", body.dump());
  RunOptions o = underKestra(dir);
  o.env["WEBHOOK_SECRET"] = "gitlab-token-0123456789";
  for (const char* format : {"text", "json"}) {
    auto r = runCli({"webhook", "verify", "--provider", "gitlab", "--body", "push.json", "--signature",
                     "gitlab-token-0123456789", "--format", format},
                    o);
    checkNoForgery(std::string("webhook verify --format ") + format, r);
  }
}

TEST_CASE("a server message cannot forge a frame nor reach the terminal", "[security][frames]") {
  TempDir dir;
  writeFile(dir / "flows/prod/hello.yml",
            "id: hello\nnamespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
  int port = freePort();
  auto server = maliciousServer(port, "tasks[0]: bad\n" + kForged + "\r" + kForged + "\xE2\x80\xA8" + kOsc);
  REQUIRE(waitForPort(port));
  for (const char* format : {"text", "json", "github"}) {
    auto r = runCli({"flow", "validate", "flows", "--server", "http://127.0.0.1:" + std::to_string(port), "--format", format},
                    underKestra(dir));
    checkNoForgery(std::string("flow validate --server --format ") + format, r);
    CHECK(r.exitCode == 1);
  }
}

TEST_CASE("a command-line word cannot forge a frame", "[security][frames]") {
  TempDir dir;
  auto r = runCli({"frob\n" + kForged + kOsc}, underKestra(dir));
  checkNoForgery("unknown command", r);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("unknown command 'frob\\n\\::") == std::string::npos);  // one line: no '\' prefix inside
  CHECK(r.err.find("unknown command 'frob\\n::{") != std::string::npos);
}
