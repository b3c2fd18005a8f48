// HTTPS_PROXY / HTTP_PROXY / NO_PROXY through a real forward proxy (tests/fake-kestra/proxy.js) that logs
// every request line it receives.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <sstream>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kProxyUser = "bob";
const std::string kProxyPassword = "pr0xy-Pa55word";

// The proxy on a free port of 127.0.0.1; lines() are its log: "<METHOD> <target> auth=<none|ok|rejected>".
class ForwardProxy {
 public:
  explicit ForwardProxy(bool requireCredentials = false) : port_(freePort()) {
    auto script = std::filesystem::path(KCICD_SOURCE_DIR) / "tests/fake-kestra/proxy.js";
    std::vector<std::string> argv{"node", script.string(), "--port", std::to_string(port_), "--log",
                                  (dir_ / "requests.log").string()};
    if (requireCredentials) argv.insert(argv.end(), {"--user", kProxyUser + ":" + kProxyPassword});
    process_ = BackgroundProcess(argv, {}, dir_ / "proxy.out");
    if (!waitForPort(port_)) throw std::runtime_error("the proxy did not start: " + readFile(dir_ / "proxy.out"));
  }
  int port() const { return port_; }
  std::string url(bool withCredentials = false) const {
    return "http://" + (withCredentials ? kProxyUser + ":" + kProxyPassword + "@" : std::string()) +
           "127.0.0.1:" + std::to_string(port_);
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    if (!std::filesystem::exists(dir_ / "requests.log")) return out;
    std::istringstream in(readFile(dir_ / "requests.log"));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  int port_;
  TempDir dir_;
  BackgroundProcess process_;
};

}  // namespace

TEST_CASE("HTTPS_PROXY tunnels to an HTTPS server with CONNECT; NO_PROXY bypasses it", "[kestra][proxy]") {
  HttpsFake https;
  ForwardProxy proxy;
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  std::vector<std::string> args{"flow", "validate", (work / "a.yml").string(), "--server", https.fake->url(),
                                "--ca-cert", https.caCert()};

  auto env = basicAuthEnv();
  env["HTTPS_PROXY"] = proxy.url();
  auto through = runCli(args, cliOptions(env));
  CHECK(through.exitCode == 0);
  CHECK(has(through.out, "✓ - prod.a"));
  CHECK(proxy.lines() == std::vector<std::string>{"CONNECT " + https.hostPort() + " auth=none"});

  // A namespace update's requests (validate, list, create) share the tunnel (keep-alive).
  auto update = runCli({"flow", "namespace", "update", "prod", (work / "a.yml").string(), "--server", https.fake->url(),
                        "--ca-cert", https.caCert()},
                       cliOptions(env));
  CHECK(update.exitCode == 0);
  CHECK(proxy.lines().size() == 2);

  for (const char* noProxy : {"127.0.0.1", "other.example.com, 127.0.0.1:1", "*"}) {
    auto bypassEnv = env;
    bypassEnv["NO_PROXY"] = noProxy;
    auto direct = runCli(args, cliOptions(bypassEnv));
    CHECK(direct.exitCode == 0);
  }
  CHECK(proxy.lines().size() == 2);  // the proxy saw none of them

  auto unrelated = env;
  unrelated["NO_PROXY"] = "example.com";
  CHECK(runCli(args, cliOptions(unrelated)).exitCode == 0);
  CHECK(proxy.lines().size() == 3);
}

TEST_CASE("HTTP_PROXY forwards absolute URIs for an http:// server", "[kestra][proxy]") {
  FakeKestra fake;
  ForwardProxy proxy;
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  auto env = basicAuthEnv();
  env["HTTP_PROXY"] = proxy.url();
  env["HTTPS_PROXY"] = "http://127.0.0.1:1";  // for https:// servers only: must not be used here
  auto r = runCli({"flow", "namespace", "update", "prod", (work / "a.yml").string(), "--server", fake.url()},
                  cliOptions(env));
  CHECK(r.exitCode == 0);
  auto lines = proxy.lines();
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "POST " + fake.url() + "/api/v1/main/flows/validate auth=none");
  CHECK(lines[1] == "GET " + fake.url() + "/api/v1/main/flows/prod auth=none");
  CHECK(lines[2] == "POST " + fake.url() + "/api/v1/main/flows auth=none");
  CHECK(fake.flows()["main"]["prod"].size() == 1);
}

TEST_CASE("proxy credentials from the proxy URL are checked by the proxy and never printed", "[kestra][proxy]") {
  ForwardProxy proxy(true);
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  {
    HttpsFake https;
    std::vector<std::string> args{"flow", "validate", (work / "a.yml").string(), "--server", https.fake->url(),
                                  "--ca-cert", https.caCert()};
    auto env = basicAuthEnv();
    env["HTTPS_PROXY"] = proxy.url(true);
    auto ok = runCli(args, cliOptions(env));
    CHECK(ok.exitCode == 0);
    CHECK(proxy.lines().back() == "CONNECT " + https.hostPort() + " auth=ok");

    env["HTTPS_PROXY"] = proxy.url();  // no credentials: the proxy answers 407 to CONNECT
    auto refused = runCli(args, cliOptions(env));
    CHECK(refused.exitCode == 3);
    CHECK(has(refused.err, "proxy " + proxy.url() + " refused the tunnel to " + https.fake->url()));
    CHECK(has(refused.err, "Proxy Authentication Required"));
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(proxy.lines().back() == "CONNECT " + https.hostPort() + " auth=rejected");
    CHECK(proxy.lines().size() == 2);  // a refused tunnel is not retried

    env["HTTPS_PROXY"] = "http://" + kProxyUser + ":wrong-Pa55word@127.0.0.1:" + std::to_string(proxy.port());
    auto wrong = runCli(args, cliOptions(env));
    CHECK(wrong.exitCode == 3);
    CHECK(has(wrong.err, "bob:******@"));
    CHECK_FALSE(has(wrong.err + wrong.out, "wrong-Pa55word"));
  }
  // Plain http:// through the proxy: Proxy-Authorization goes to the proxy, not to the server.
  FakeKestra fake;
  auto env = basicAuthEnv();
  env["HTTP_PROXY"] = proxy.url(true);
  auto r = runCli({"flow", "namespace", "update", "prod", (work / "a.yml").string(), "--server", fake.url()},
                  cliOptions(env));
  CHECK(r.exitCode == 0);
  CHECK_FALSE(has(r.err + r.out, kProxyPassword));
  CHECK(proxy.lines().back() == "POST " + fake.url() + "/api/v1/main/flows auth=ok");
  for (const auto& request : fake.requests()) CHECK_FALSE(request["headers"].contains("proxy-authorization"));

  env["HTTP_PROXY"] = proxy.url();
  auto missing = runCli({"flow", "validate", (work / "a.yml").string(), "--server", fake.url()}, cliOptions(env));
  CHECK(missing.exitCode == 3);
  CHECK(has(missing.err, "HTTP 407"));
  CHECK(has(missing.err, "proxy authentication failed (through proxy " + proxy.url() + ")"));
}

TEST_CASE("an unreachable proxy exits 3 with a one-line cause naming it, password masked", "[kestra][proxy]") {
  HttpsFake https;
  TempDir work;
  writeFile(work / "a.yml", flowYaml("prod", "a"));
  int port = freePort();  // nothing listens there
  auto env = basicAuthEnv();
  env["HTTPS_PROXY"] = "http://" + kProxyUser + ":" + kProxyPassword + "@127.0.0.1:" + std::to_string(port);
  auto r = runCli({"flow", "validate", (work / "a.yml").string(), "--server", https.fake->url(), "--ca-cert",
                   https.caCert()},
                  cliOptions(env));
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "cannot connect to " + https.fake->url() + " through proxy http://bob:******@127.0.0.1:" +
                       std::to_string(port) + ": Connection refused"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(has(r.err + r.out, kProxyPassword));
}
