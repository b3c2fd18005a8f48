// Masking that cannot be bypassed: a secret echoed by a server is masked before the message is cut short;
// --header values and proxy credentials are secrets too; --format json masks inside string values (and
// stays valid JSON); a short secret is masked only where it stands alone, with one warning.
#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "Process.h"
#include "runtime/Base64.h"

using namespace kcicd::test;

namespace {

const std::string kToken = "tok-7f3c9a1e5b2d4c6e8a0f";
const std::string kHeaderValue = "hdr-secret-5a6b7c8d";
const std::string kProxyPassword = "proxy-pass-5566aa";

RunOptions plainEnvironment(const TempDir& dir) {
  RunOptions o;
  o.cwd = dir.path();
  o.unsetEnv = {"KESTRA_SERVER", "KESTRA_TENANT", "KESTRA_USER", "KESTRA_PASSWORD", "KESTRA_API_TOKEN", "WORKING_DIR",
                "KESTRA_CICD_FRAMES", "GIT_PASSWORD", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                "NO_PROXY", "no_proxy"};
  o.timeout = std::chrono::seconds(60);
  return o;
}

// A server (and proxy) that answers every request 400 with a page echoing the request's credentials; the
// Authorization header's value begins just before byte 500 of the body, where error bodies used to be cut.
BackgroundProcess echoServer(int port) {
  const char* script = R"(
    const http = require('http');
    http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const h = req.headers;
        const head = 'x-api-key: ' + (h['x-api-key'] || '') + ' proxy-authorization: ' + (h['proxy-authorization'] || '');
        res.writeHead(400, {'Content-Type': 'text/plain'});
        res.end(head + 'x'.repeat(Math.max(0, 470 - head.length)) + ' authorization: ' + (h['authorization'] || '') +
                ' ' + 'y'.repeat(3000) + ' end of page');
      });
    }).listen(Number(process.argv[1]), '127.0.0.1');)";
  return BackgroundProcess({"node", "-e", script, std::to_string(port)});
}

const char* kValidFlow = "id: hello\nnamespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

}  // namespace

TEST_CASE("credentials echoed in a long error body are masked, never cut in two", "[security][masking]") {
  TempDir dir;
  writeFile(dir / "flows/prod/hello.yml", kValidFlow);
  int port = freePort();
  auto server = echoServer(port);
  REQUIRE(waitForPort(port));
  RunOptions o = plainEnvironment(dir);
  o.env["KESTRA_API_TOKEN"] = kToken;
  o.env["HTTP_PROXY"] = "http://puser:" + kProxyPassword + "@127.0.0.1:" + std::to_string(port);
  auto r = runCli({"flow", "validate", "flows", "--server", "http://kestra.example:8080", "--header",
                   "X-Api-Key=" + kHeaderValue},
                  o);
  INFO("exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("authorization: Bearer ******") != std::string::npos);
  std::string all = r.out + r.err;
  CHECK(all.find(kToken.substr(0, 6)) == std::string::npos);
  CHECK(all.find(kHeaderValue) == std::string::npos);
  CHECK(all.find(kProxyPassword) == std::string::npos);
  CHECK(all.find(kcicd::base64::encode("puser:" + kProxyPassword).substr(0, 12)) == std::string::npos);
  CHECK(all.find("end of page") != std::string::npos);  // cut in the middle: the end survives
}

TEST_CASE("the JSON output (--format json) masks inside string values and stays valid JSON", "[security][masking]") {
  TempDir dir;
  const std::string secret = "pw\"with\\back-91c2e7";
  writeFile(dir / "flows/prod/leak.yml", std::string(kValidFlow) + "labels:\n  system.token: 'pw\"with\\back-91c2e7'\n");
  RunOptions o = plainEnvironment(dir);
  o.env["GIT_PASSWORD"] = secret;
  auto r = runCli({"flow", "validate", "--local", "flows", "--format", "json"}, o);
  INFO("exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exitCode == 1);
  auto json = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  std::string escaped = nlohmann::json(secret).dump();
  CHECK(r.out.find(escaped.substr(1, escaped.size() - 2)) == std::string::npos);
  CHECK(r.out.find("back-91c2e7") == std::string::npos);
  CHECK(json.dump().find("******") != std::string::npos);
}

TEST_CASE("a short secret is masked where it stands alone, with one warning", "[security][masking]") {
  TempDir dir;
  writeFile(dir / "flows/prodabc1/leak.yml", "id: hello\nnamespace: prodabc1\ntasks:\n  - id: log\n    type: "
                                         "io.kestra.plugin.core.log.Log\n    message: hi\nlabels:\n  system.token: abc1\n");
  RunOptions o = plainEnvironment(dir);
  o.env["KESTRA_USER"] = "admin@kestra.io";
  o.env["KESTRA_PASSWORD"] = "abc1";
  for (const char* format : {"text", "json"}) {
    auto r = runCli({"flow", "validate", "--local", "flows", "--format", format}, o);
    INFO(format << " exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.exitCode == 1);
    std::string all = r.out + r.err;
    CHECK(all.find("prodabc1") != std::string::npos);  // inside a word: kept
    CHECK(all.find("=abc1") == std::string::npos);      // standing alone: masked
    auto first = r.err.find("KESTRA_PASSWORD is shorter than 8 characters");
    CHECK(first != std::string::npos);
    CHECK(r.err.find("KESTRA_PASSWORD is shorter than 8 characters", first + 1) == std::string::npos);
  }
}
