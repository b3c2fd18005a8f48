// `kestra-cicd webhook verify` run as Kestra runs it (WORKING_DIR set → outputs frames on stdout),
// over the payload fixtures in tests/data/webhook, signed here with the secret of each test.
#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "Process.h"
#include "runtime/Base64.h"
#include "runtime/Frame.h"
#include "webhook/Signature.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

const std::string kSecret = "whsec-Kx9-7f3a2b1c";
const std::string kRepo = "https://github.com/octo-org/kestra-flows";

std::string fixture(const std::string& name) {
  return readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/" + name);
}

std::string sign(const std::string& body, const std::string& secret = kSecret) {
  return kcicd::webhook::githubSignature(body, secret);
}

struct Run {
  ProcessResult result;
  json outputs = json::object();  // merged outputs frames, like Kestra's consumer
  int frames = 0;
};

// Runs the command on `body` with the given extra env (WEBHOOK_SECRET by default), under Kestra.
Run verify(const std::string& body, std::vector<std::string> args,
           std::map<std::string, std::string> env = {{"WEBHOOK_SECRET", kSecret}}) {
  TempDir dir;
  writeFile(dir / "body", body);
  RunOptions options;
  options.unsetEnv = {"WEBHOOK_SECRET", "SECRET_WEBHOOK_SECRET", "WEBHOOK_SIGNATURE", "KESTRA_CICD_FRAMES"};
  options.env = std::move(env);
  options.env["WORKING_DIR"] = dir.path().string();
  options.cwd = dir.path();
  args.insert(args.begin(), {"webhook", "verify", "--body", "body"});
  Run run;
  run.result = runCli(args, options);
  std::istringstream lines(run.result.out);
  for (std::string line; std::getline(lines, line);) {
    if (auto payload = kcicd::frame::match(line)) {
      ++run.frames;
      json frame = json::parse(*payload);
      if (frame.contains("outputs")) run.outputs.update(frame["outputs"]);
    }
  }
  return run;
}

bool mentions(const Run& run, const std::string& text) {
  return run.result.out.find(text) != std::string::npos || run.result.err.find(text) != std::string::npos;
}

// The secret, and its base64 forms, never leave the process.
void checkNoSecret(const Run& run, const std::string& secret = kSecret) {
  CHECK_FALSE(mentions(run, secret));
  CHECK_FALSE(mentions(run, kcicd::base64::encode(secret)));
}

}  // namespace

TEST_CASE("a signed GitHub push is verified and read into the outputs frame", "[webhook]") {
  const std::string body = fixture("github-push.json");
  Run run = verify(body, {"--signature", sign(body), "--branch", "main", "--repo", kRepo, "--format", "json"});
  INFO(run.result.err);
  REQUIRE(run.result.exitCode == 0);
  REQUIRE(run.frames == 1);
  const json& o = run.outputs;
  CHECK(o["verified"] == true);
  CHECK(o["provider"] == "github");
  CHECK(o["event"] == "push");
  CHECK(o["branch"] == "main");
  CHECK(o["tag"] == "");
  CHECK(o["commit"] == "a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9");
  CHECK(o["repository"] == "octo-org/kestra-flows");
  CHECK(o["cloneUrl"] == "https://github.com/octo-org/kestra-flows.git");
  CHECK(o["trusted"] == true);
  CHECK(o["pusher"] == "mona");
  CHECK(o["skipped"] == false);
  CHECK(o["reason"] == "");
  CHECK(o["changedNamespaces"] == json::array({"dev", "prod", "prod.marketing"}));
  CHECK(o["allNamespaces"] == false);
  CHECK(o["changedFiles"] == 5);
  // --format json prints the same object as the frame on stdout.
  auto start = run.result.out.find("{\n");
  REQUIRE(start != std::string::npos);
  auto end = run.result.out.find("\n}", start);
  CHECK(json::parse(run.result.out.substr(start, end + 2 - start)) == o);
  checkNoSecret(run);
}

TEST_CASE("GitHub's form-encoded body is verified over its raw bytes", "[webhook]") {
  const std::string body = fixture("github-push-form.txt");
  Run run = verify(body, {"--signature", sign(body), "--allow-repo", "https://github.com/octo-org/*"});
  INFO(run.result.err);
  REQUIRE(run.result.exitCode == 0);
  CHECK(run.outputs["branch"] == "main");
  CHECK(run.outputs["cloneUrl"] == "https://github.com/octo-org/kestra-flows.git");
  CHECK(run.result.out.find("verified github push to branch main") != std::string::npos);
  checkNoSecret(run);
}

TEST_CASE("bad, missing, foreign or malformed signatures exit 1 and do nothing else", "[webhook]") {
  const std::string body = fixture("github-push.json");
  const std::string good = sign(body);
  std::string upper = good;
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  std::string oneByte = body;
  oneByte[body.size() / 2] = static_cast<char>(oneByte[body.size() / 2] ^ 0x20);

  struct Case {
    const char* name;
    std::string body;
    std::vector<std::string> args;
    const char* message;
  };
  std::vector<Case> cases{
      {"bad signature", body, {"--signature", "sha256=" + std::string(64, 'a')}, "does not match"},
      {"missing signature", body, {}, "X-Hub-Signature-256"},
      {"signature for another secret", body, {"--signature", sign(body, "another-secret")}, "does not match"},
      {"wrong prefix", body, {"--signature", "sha1=" + good.substr(7, 40), "--provider", "github"}, "sha256="},
      {"not hex", body, {"--signature", "sha256=xyz"}, "64 hexadecimal digits"},
      {"body modified by one byte", oneByte, {"--signature", good}, "fetchType: STORE"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Run run = verify(c.body, c.args);
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find(c.message) != std::string::npos);
    CHECK(run.result.out.empty());  // no frame, no summary
    checkNoSecret(run);
  }
  SECTION("upper-case hex digits are accepted") {
    Run run = verify(body, {"--signature", upper});
    CHECK(run.result.exitCode == 0);
  }
  SECTION("the signature may come from WEBHOOK_SIGNATURE") {
    Run run = verify(body, {}, {{"WEBHOOK_SECRET", kSecret}, {"WEBHOOK_SIGNATURE", good}});
    CHECK(run.result.exitCode == 0);
  }
}

TEST_CASE("the secret comes from WEBHOOK_SECRET or SECRET_WEBHOOK_SECRET", "[webhook]") {
  const std::string body = fixture("github-push.json");
  SECTION("Kestra's base64 SECRET_ variable") {
    Run run = verify(body, {"--signature", sign(body)}, {{"SECRET_WEBHOOK_SECRET", kcicd::base64::encode(kSecret)}});
    INFO(run.result.err);
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["verified"] == true);
    checkNoSecret(run);
  }
  SECTION("a malformed SECRET_ variable exits 2 naming it") {
    Run run = verify(body, {"--signature", sign(body)}, {{"SECRET_WEBHOOK_SECRET", "not*base64!"}});
    CHECK(run.result.exitCode == 2);
    CHECK(run.result.err.find("SECRET_WEBHOOK_SECRET") != std::string::npos);
    CHECK(run.result.err.find("not*base64!") == std::string::npos);
    CHECK(run.frames == 0);
  }
  SECTION("no secret at all exits 2 naming WEBHOOK_SECRET") {
    Run run = verify(body, {"--signature", sign(body)}, {});
    CHECK(run.result.exitCode == 2);
    CHECK(run.result.err.find("WEBHOOK_SECRET") != std::string::npos);
    CHECK(run.frames == 0);
  }
}

TEST_CASE("pushes that are not for this deployment exit 0 as skipped", "[webhook]") {
  SECTION("another branch") {
    const std::string body = fixture("github-push.json");
    Run run = verify(body, {"--signature", sign(body), "--branch", "production"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["skipped"] == true);
    CHECK(run.outputs["reason"] == "push to branch main, not to branch production");
    CHECK(run.outputs["changedNamespaces"] == json::array());
    CHECK(run.result.out.find("skipped: push to branch main") != std::string::npos);
  }
  SECTION("a ping") {
    const std::string body = fixture("github-ping.json");
    Run run = verify(body, {"--signature", sign(body), "--branch", "main"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["event"] == "ping");
    CHECK(run.outputs["skipped"] == true);
    CHECK(run.outputs["reason"].get<std::string>().find("ping") != std::string::npos);
  }
  SECTION("a deleted branch") {
    const std::string body = fixture("github-push-deleted.json");
    Run run = verify(body, {"--signature", sign(body)});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["skipped"] == true);
    CHECK(run.outputs["commit"] == "");
    CHECK(run.outputs["branch"] == "feature/old-idea");
  }
  SECTION("a tag when a branch is asked for") {
    const std::string body = fixture("github-push-tag.json");
    Run run = verify(body, {"--signature", sign(body), "--branch", "main"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["event"] == "tag_push");
    CHECK(run.outputs["tag"] == "v1.4.0");
    CHECK(run.outputs["skipped"] == true);
  }
}

TEST_CASE("the payload's repository URL is used only when allowed", "[webhook]") {
  const std::string body = fixture("github-push.json");
  SECTION("refused: exit 1 naming the URL") {
    Run run = verify(body, {"--signature", sign(body), "--allow-repo", "https://github.com/other-org/*", "--repo",
                            "https://github.com/octo-org/kestra-flows-prod"});
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("https://github.com/octo-org/kestra-flows.git") != std::string::npos);
    CHECK(run.frames == 0);
  }
  SECTION("accepted with the host in another case and no .git") {
    Run run = verify(body, {"--signature", sign(body), "--repo", "https://GitHub.com/octo-org/kestra-flows/"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["cloneUrl"] == "https://github.com/octo-org/kestra-flows.git");
  }
  SECTION("no allow-list: reported as untrusted, never as cloneUrl") {
    Run run = verify(body, {"--signature", sign(body)});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["cloneUrl"] == "");
    CHECK(run.outputs["trusted"] == false);
    CHECK(run.outputs["untrustedUrl"] == "https://github.com/octo-org/kestra-flows.git");
    CHECK(run.result.out.find("untrusted") != std::string::npos);
  }
}

TEST_CASE("a GitLab push is checked with X-Gitlab-Token", "[webhook]") {
  const std::string token = "glpat-hook-Q2w3e4r5";
  const std::string body = fixture("gitlab-push.json");
  std::map<std::string, std::string> env{{"WEBHOOK_SECRET", token}};
  SECTION("valid token, auto-detected provider") {
    Run run = verify(body, {"--signature", token, "--allow-repo", "https://gitlab.example.com/data/*"}, env);
    INFO(run.result.err);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["provider"] == "gitlab");
    CHECK(run.outputs["commit"] == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    CHECK(run.outputs["cloneUrl"] == "https://gitlab.example.com/data/kestra-flows.git");
    CHECK(run.outputs["pusher"] == "jsmith");
    CHECK(run.outputs["changedNamespaces"] == json::array({"data", "data.ingest"}));
    checkNoSecret(run, token);
  }
  SECTION("wrong token") {
    Run run = verify(body, {"--signature", token + "x", "--provider", "gitlab"}, env);
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("X-Gitlab-Token") != std::string::npos);
    checkNoSecret(run, token);
    CHECK_FALSE(mentions(run, token + "x"));  // the given token is masked too
  }
  SECTION("truncated commit list: every namespace") {
    Run run = verify(fixture("gitlab-push-truncated.json"), {"--signature", token, "--format", "json"}, env);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["allNamespaces"] == true);
    CHECK(run.outputs["branch"] == "release");
    checkNoSecret(run, token);
  }
}

TEST_CASE("malformed bodies and bad options get a clear message, never a crash", "[webhook]") {
  SECTION("signed JSON that does not parse: exit 1") {
    const std::string body = "{\"ref\": \"refs/heads/main\", \"commits\": [";
    Run run = verify(body, {"--signature", sign(body)});
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("--body body: body is not valid JSON (parse error at line 1") != std::string::npos);
    CHECK(run.frames == 0);
  }
  SECTION("a field of the wrong type: exit 1") {
    const std::string body = R"({"ref": "refs/heads/main", "after": "ab", "commits": [{"added": [1]}]})";
    Run run = verify(body, {"--signature", sign(body), "--provider", "github"});
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("'commits[0].added[0]' is not a string") != std::string::npos);
  }
  SECTION("provider cannot be told: exit 1 asking for --provider") {
    Run run = verify("{}", {"--signature", "some-token"});
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("--provider") != std::string::npos);
  }
  SECTION("missing body file, bad --flows-dir, bad --format: exit 2") {
    const std::string body = fixture("github-push.json");
    RunOptions options;
    options.env = {{"WEBHOOK_SECRET", kSecret}};
    auto missing = runCli({"webhook", "verify", "--body", "/nonexistent/nope.json", "--signature", sign(body)}, options);
    CHECK(missing.exitCode == 2);
    CHECK(missing.err.find("--body /nonexistent/nope.json") != std::string::npos);
    Run dir = verify(body, {"--signature", sign(body), "--flows-dir", "../flows"});
    CHECK(dir.result.exitCode == 2);
    CHECK(dir.result.err.find("--flows-dir") != std::string::npos);
    Run format = verify(body, {"--signature", sign(body), "--format", "yaml"});
    CHECK(format.result.exitCode == 2);
    CHECK(verify(body, {"--signature", sign(body), "--format", "github"}).result.exitCode == 0);  // one model: github too
  }
}
