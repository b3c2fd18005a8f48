// Server faults: each gives the documented behaviour, and a failed update leaves the server's state alone.
#include <catch2/catch_test_macros.hpp>

#include "KestraServers.h"

using namespace kcicd::test;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const nlohmann::json& requests, const std::string& method) {
  std::size_t n = 0;
  for (const auto& r : requests)
    if (r["method"] == method) ++n;
  return n;
}

// The flow creations (POST /flows) among the requests: an update validates first (POST /flows/validate).
std::vector<nlohmann::json> creations(const nlohmann::json& requests) {
  std::vector<nlohmann::json> out;
  for (const auto& r : requests)
    if (r["method"] == "POST" && r["path"] == "/api/v1/main/flows") out.push_back(r);
  return out;
}

struct Workspace {
  TempDir dir;
  Workspace() { writeFile(dir / "prod/a.yml", flowYaml("prod", "a")); }
  std::vector<std::string> validate(const FakeKestra& fake) const {
    return {"flow", "validate", (dir / "prod").string(), "--server", fake.url()};
  }
  std::vector<std::string> update(const FakeKestra& fake) const {
    return {"flow", "namespace", "update", "prod", (dir / "prod").string(), "--server", fake.url()};
  }
};
}  // namespace

TEST_CASE("validate retries a 503 and succeeds; an update does not retry it", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake;
  fake.setFault("unavailable", 1);
  auto ok = runCli(w.validate(fake), cliOptions(basicAuthEnv()));
  CHECK(ok.exitCode == 0);
  CHECK(count(fake.requests(), "POST") == 2);

  FakeKestra postFault;
  postFault.setFault("unavailable", 1, "POST", 1);  // the creation, after the validation
  auto failed = runCli(w.update(postFault), cliOptions(basicAuthEnv()));
  CHECK(failed.exitCode == 3);
  CHECK(has(failed.err, "HTTP 503"));
  CHECK(has(failed.err, "may or may not have been applied"));
  CHECK(has(failed.err, "rolled back: every flow is as it was before this run"));  // read back: nothing to undo
  auto posts = creations(postFault.requests());
  REQUIRE(posts.size() == 1);  // not retried: a 503 after the body does not prove nothing was written
  CHECK(posts[0]["headers"]["expect"] == "100-continue");
  CHECK(posts[0]["bodyRead"] == true);  // the 503 came after the body
  CHECK(postFault.flows().empty());
  // The next run goes through.
  CHECK(runCli(w.update(postFault), cliOptions(basicAuthEnv())).exitCode == 0);
  CHECK(postFault.flows()["main"]["prod"].size() == 1);
}

TEST_CASE("a connection closed mid-response is retried for validate, reported for an update", "[kestra][faults]") {
  Workspace w;
  FakeKestra once({"--fault", "close-mid-response:1"});
  CHECK(runCli(w.validate(once), cliOptions(basicAuthEnv())).exitCode == 0);

  FakeKestra always({"--fault", "close-mid-response:-1:POST"});
  auto v = runCli(w.validate(always), cliOptions(basicAuthEnv()));
  CHECK(v.exitCode == 3);
  CHECK(has(v.err, "closed mid-response"));
  CHECK(has(v.err, "after 4 attempts"));

  FakeKestra writes;
  writes.setFault("close-mid-response", -1, "POST", 1);  // every POST after the validation
  auto u = runCli(w.update(writes), cliOptions(basicAuthEnv()));
  CHECK(u.exitCode == 3);
  CHECK(has(u.err, "may or may not have been applied"));
  CHECK(creations(writes.requests()).size() == 1);  // a creation is not sent twice
  CHECK(writes.flows().empty());                    // the fake failed before writing
}

TEST_CASE("a server that never answers hits the read timeout", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake;
  fake.setFault("hang", -1, "POST", 1);  // the creation, after the validation
  auto args = w.update(fake);
  args.insert(args.end(), {"--read-timeout", "1"});
  auto r = runCli(args, cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "within the read timeout (1s)"));
  CHECK(creations(fake.requests()).size() == 1);
  CHECK(fake.flows().empty());
}

TEST_CASE("malformed JSON and oversized answers are refused", "[kestra][faults]") {
  Workspace w;
  FakeKestra malformed({"--fault", "malformed-json"});
  auto m = runCli(w.validate(malformed), cliOptions(basicAuthEnv()));
  CHECK(m.exitCode == 3);
  CHECK(has(m.err, "malformed JSON"));

  FakeKestra huge({"--fault", "huge-body"});
  auto h = runCli(w.validate(huge), cliOptions(basicAuthEnv()));
  CHECK(h.exitCode == 3);
  CHECK(has(h.err, "larger than 64 MiB"));
}

TEST_CASE("connection refused is retried, then exits 3 with the cause", "[kestra][faults]") {
  Workspace w;
  int port = freePort();
  auto r = runCli({"flow", "namespace", "update", "prod", (w.dir / "prod").string(), "--server",
                   "http://127.0.0.1:" + std::to_string(port)},
                  cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "cannot connect to http://127.0.0.1:" + std::to_string(port)));
  CHECK(has(r.err, "after 4 attempts"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

// Errors raised inside the network module reach the command with their kind and exit code: the module
// and the binary share one C++ runtime, so they cross as ordinary exceptions (kestra/NetModule.h).
TEST_CASE("a --server the network module rejects is a usage error (exit 2) naming the flag", "[kestra][faults]") {
  Workspace w;
  for (const std::string server : {"ftp://127.0.0.1", "http://127.0.0.1:99999"}) {
    auto r = runCli({"flow", "validate", "--server", server, (w.dir / "prod").string()}, cliOptions(basicAuthEnv()));
    INFO(server << ": " << r.err);
    CHECK(r.exitCode == 2);
    CHECK(has(r.err, "--server '" + server + "'"));
  }
}

TEST_CASE("an update refused with 503 before its body was sent is retried and applied once", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake({"--fault", "503-before-body:1:POST"});
  auto r = runCli(w.update(fake), cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 0);
  CHECK(has(r.out, "1 flow(s) for namespace 'prod' successfully updated!"));
  std::vector<bool> bodyRead;
  for (const auto& request : creations(fake.requests())) {
    CHECK(request["headers"]["expect"] == "100-continue");
    bodyRead.push_back(request["bodyRead"].get<bool>());
  }
  CHECK(bodyRead == std::vector<bool>{false, true});  // refused unread, then applied exactly once
  auto flows = fake.flows()["main"]["prod"];
  REQUIRE(flows.size() == 1);
  CHECK(flows[0]["revision"] == 1);

  // Refused every time: the retries run out, nothing was applied and the message does not say otherwise.
  FakeKestra always({"--fault", "503-before-body:-1:POST"});
  auto failed = runCli(w.update(always), cliOptions(basicAuthEnv()));
  CHECK(failed.exitCode == 3);
  CHECK(has(failed.err, "HTTP 503"));
  CHECK(has(failed.err, "after 4 attempts"));
  CHECK_FALSE(has(failed.err, "may or may not"));
  CHECK(creations(always.requests()).size() == 4);
  CHECK(always.flows().empty());
}

TEST_CASE("an update to a server that ignores Expect: 100-continue sends its body after a second", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake({"--fault", "ignore-expect:-1:POST"});
  auto start = std::chrono::steady_clock::now();
  auto r = runCli(w.update(fake), cliOptions(basicAuthEnv()));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.exitCode == 0);
  CHECK(elapsed >= std::chrono::milliseconds(900));
  CHECK(elapsed < std::chrono::seconds(10));
  CHECK(creations(fake.requests()).size() == 1);
  CHECK(fake.flows()["main"]["prod"].size() == 1);
}

TEST_CASE("417 or a stalled interim answer: the update is sent again without Expect, once", "[kestra][faults]") {
  Workspace w;
  for (const char* mode : {"expectation-failed", "partial-continue"}) {
    INFO(mode);
    FakeKestra fake({"--fault", std::string(mode) + ":-1:POST"});
    auto r = runCli(w.update(fake), cliOptions(basicAuthEnv()));
    CHECK(r.exitCode == 0);
    std::vector<std::pair<bool, bool>> posts;  // (sent with Expect, body read)
    for (const auto& request : creations(fake.requests()))
      posts.emplace_back(request["headers"].contains("expect"), request["bodyRead"].get<bool>());
    CHECK(posts == std::vector<std::pair<bool, bool>>{{true, false}, {false, true}});
    CHECK(fake.flows()["main"]["prod"].size() == 1);
  }
}

TEST_CASE("a server trickling its answer is cut at --timeout, however often bytes arrive", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake;
  fake.setFault("trickle", -1, "POST");  // 400 bytes at 4 a second: 100 s, each byte well within --read-timeout
  auto args = w.validate(fake);
  args.insert(args.end(), {"--read-timeout", "2", "--timeout", "1"});
  auto start = std::chrono::steady_clock::now();
  auto r = runCli(args, cliOptions(basicAuthEnv()));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(r.exitCode == 3);
  CHECK(has(r.err, "no complete answer from " + fake.url().substr(0, fake.url().find_last_of(':'))));
  CHECK(has(r.err, "within --timeout (1s)"));
  CHECK(has(r.err, "after 4 attempts"));  // a validation is a read: retried, each attempt cut at 1 s
  CHECK(elapsed < std::chrono::seconds(30));
}

TEST_CASE("a --timeout of 0 is a usage error naming the flag", "[kestra][faults]") {
  Workspace w;
  FakeKestra fake;
  auto args = w.validate(fake);
  args.insert(args.end(), {"--timeout", "0"});
  auto r = runCli(args, cliOptions(basicAuthEnv()));
  CHECK(r.exitCode == 2);
  CHECK(has(r.err, "--timeout must be a number of seconds"));
}
