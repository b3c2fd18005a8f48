// `webhook verify --event`: the X-GitHub-Event / X-Gitlab-Event header decides the event, not the
// payload's shape. Run over GitHub's own example payload of every event type (@octokit/webhooks-examples,
// installed by scripts/install-deps.sh from tests/webhook-examples/package-lock.json) signed by an
// independent signer (@octokit/webhooks-methods, tests/webhook-examples/sign-examples.mjs), and over
// GitLab's documented push, tag push and merge request payloads (tests/data/webhook/gitlab-*.json).
#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "Process.h"
#include "runtime/Frame.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

const std::string kSecret = "whsec-Ev7-41c9d2e0";
const std::string kExamplesDir = std::string(KCICD_SOURCE_DIR) + "/tests/webhook-examples";

struct Run {
  ProcessResult result;
  json outputs = json::object();  // merged outputs frames, like Kestra's consumer
};

Run verifyFile(const std::filesystem::path& bodyFile, std::vector<std::string> args) {
  RunOptions options;
  options.unsetEnv = {"WEBHOOK_SECRET", "SECRET_WEBHOOK_SECRET", "WEBHOOK_SIGNATURE", "WEBHOOK_EVENT",
                      "KESTRA_CICD_FRAMES"};
  options.env = {{"WEBHOOK_SECRET", kSecret}, {"WORKING_DIR", bodyFile.parent_path().string()}};
  options.cwd = bodyFile.parent_path();
  args.insert(args.begin(), {"webhook", "verify", "--body", bodyFile.filename().string(), "--format", "json"});
  Run run;
  run.result = runCli(args, options);
  std::istringstream lines(run.result.out);
  for (std::string line; std::getline(lines, line);)
    if (auto payload = kcicd::frame::match(line)) {
      json frame = json::parse(*payload);
      if (frame.contains("outputs")) run.outputs.update(frame["outputs"]);
    }
  return run;
}

Run verifyBody(const std::string& body, std::vector<std::string> args) {
  TempDir dir;
  writeFile(dir / "body", body);
  return verifyFile(dir / "body", std::move(args));
}

std::string reasonOf(const Run& run) {
  return run.outputs.value("reason", std::string());
}

// A signature whose last hex digit is changed: well-formed, wrong.
std::string corrupted(std::string signature) {
  signature.back() = signature.back() == '0' ? '1' : '0';
  return signature;
}

struct Example {
  std::string event;
  std::filesystem::path file;
  std::string signature;
};

// Every GitHub example, signed by @octokit/webhooks-methods into `dir`; empty when node or the npm
// packages are missing (scripts/install-deps.sh installs them).
std::vector<Example> signedExamples(const TempDir& dir) {
  if (!std::filesystem::exists(kExamplesDir + "/node_modules/@octokit/webhooks-examples") ||
      !std::filesystem::exists(kExamplesDir + "/node_modules/@octokit/webhooks-methods"))
    return {};
  RunOptions options;
  options.cwd = kExamplesDir;
  ProcessResult signer = run({"node", "sign-examples.mjs", dir.path().string(), kSecret}, options);
  INFO(signer.err);
  REQUIRE(signer.exitCode == 0);
  std::vector<Example> examples;
  for (const auto& entry : json::parse(readFile(dir / "manifest.json")))
    examples.push_back({entry.at("event").get<std::string>(), dir / entry.at("file").get<std::string>(),
                        entry.at("signature").get<std::string>()});
  return examples;
}

}  // namespace

TEST_CASE("every GitHub example event: push is read, any other event is skipped by its header", "[webhook][event]") {
  TempDir dir;
  const auto examples = signedExamples(dir);
  if (examples.empty()) SKIP("npm packages missing: run scripts/install-deps.sh (npm ci in tests/webhook-examples)");
  size_t pushes = 0, others = 0;
  std::set<std::string> events;
  for (const auto& ex : examples) {
    events.insert(ex.event);
    INFO("event " << ex.event << ", example " << ex.file.filename().string());
    Run run = verifyFile(ex.file, {"--signature", ex.signature, "--event", ex.event});
    INFO(run.result.err);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["verified"] == true);
    CHECK(run.outputs["provider"] == "github");
    const json body = json::parse(readFile(ex.file));
    if (ex.event == "push") {
      ++pushes;
      const std::string ref = body.at("ref").get<std::string>();
      const bool tag = ref.rfind("refs/tags/", 0) == 0;
      CHECK(run.outputs["event"] == (tag ? "tag_push" : "push"));
      CHECK(run.outputs["repository"] == body.at("repository").at("full_name"));
      if (tag) CHECK(run.outputs["tag"] == ref.substr(10));
      else CHECK(run.outputs["branch"] == ref.substr(11));
      if (body.at("deleted").get<bool>()) {
        // A deleted ref is still read as a push, then skipped: there is nothing to deploy.
        CHECK(run.outputs["skipped"] == true);
        CHECK(reasonOf(run).find("was deleted") != std::string::npos);
        CHECK(run.outputs["commit"] == "");
      } else {
        CHECK(run.outputs["skipped"] == false);
        CHECK(run.outputs["commit"] == body.at("after"));
      }
    } else {
      ++others;
      CHECK(run.outputs["skipped"] == true);
      CHECK(run.outputs["event"] == (ex.event == "ping" ? "ping" : "other"));
      CHECK(reasonOf(run).find(ex.event == "ping" ? "ping event" : "'" + ex.event + "'") != std::string::npos);
    }
  }
  CHECK(pushes >= 2);
  CHECK(others > 100);
  CHECK(events.size() > 50);  // 58 event types in @octokit/webhooks-examples 7.6.1
}

TEST_CASE("every GitHub example event: a bad signature is refused before the event matters", "[webhook][event]") {
  TempDir dir;
  const auto examples = signedExamples(dir);
  if (examples.empty()) SKIP("npm packages missing: run scripts/install-deps.sh (npm ci in tests/webhook-examples)");
  for (const auto& ex : examples) {
    INFO("event " << ex.event << ", example " << ex.file.filename().string());
    Run run = verifyFile(ex.file, {"--signature", corrupted(ex.signature), "--event", ex.event});
    CHECK(run.result.exitCode == 1);
    CHECK(run.outputs.empty());
    CHECK(run.result.err.find("webhook rejected") != std::string::npos);
  }
}

TEST_CASE("the header, not the payload's shape, decides the GitHub event", "[webhook][event]") {
  TempDir dir;
  const auto examples = signedExamples(dir);
  if (examples.empty()) SKIP("npm packages missing: run scripts/install-deps.sh (npm ci in tests/webhook-examples)");
  const Example* push = nullptr;
  const Example* issues = nullptr;
  for (const auto& ex : examples) {
    if (!push && ex.event == "push" && !json::parse(readFile(ex.file)).at("deleted").get<bool>())
      push = &ex;
    if (!issues && ex.event == "issues") issues = &ex;
  }
  REQUIRE(push);
  REQUIRE(issues);
  SECTION("a push body under another event header is skipped") {
    Run run = verifyFile(push->file, {"--signature", push->signature, "--event", "workflow_run"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["skipped"] == true);
    CHECK(reasonOf(run).find("'workflow_run'") != std::string::npos);
  }
  SECTION("a non-push body under the push header is an error, not a push") {
    Run run = verifyFile(issues->file, {"--signature", issues->signature, "--event", "push"});
    CHECK(run.result.exitCode == 1);
    CHECK(run.result.err.find("no 'ref'") != std::string::npos);
  }
  SECTION("without --event the payload's shape decides, as before") {
    Run pushRun = verifyFile(push->file, {"--signature", push->signature});
    CHECK(pushRun.result.exitCode == 0);
    CHECK(pushRun.outputs["skipped"] == false);
    Run issuesRun = verifyFile(issues->file, {"--signature", issues->signature});
    CHECK(issuesRun.result.exitCode == 0);
    CHECK(issuesRun.outputs["skipped"] == true);
    CHECK(reasonOf(issuesRun) == "not a push event");
  }
  SECTION("WEBHOOK_EVENT is the environment form of --event") {
    RunOptions options;
    options.unsetEnv = {"WEBHOOK_SIGNATURE", "SECRET_WEBHOOK_SECRET", "KESTRA_CICD_FRAMES"};
    options.env = {{"WEBHOOK_SECRET", kSecret}, {"WEBHOOK_EVENT", "issues"}};
    options.cwd = dir.path();
    ProcessResult r = runCli({"webhook", "verify", "--body", push->file.filename().string(), "--signature",
                              push->signature, "--format", "json"},
                             options);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("'issues' is not a push") != std::string::npos);
  }
}

TEST_CASE("GitLab's documented push, tag push and merge request deliveries by their X-Gitlab-Event", "[webhook][event]") {
  auto fixture = [](const std::string& name) {
    return readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/" + name);
  };
  SECTION("Push Hook") {
    Run run = verifyBody(fixture("gitlab-push.json"), {"--signature", kSecret, "--event", "Push Hook"});
    INFO(run.result.err);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["provider"] == "gitlab");
    CHECK(run.outputs["event"] == "push");
    CHECK(run.outputs["branch"] == "main");
    CHECK(run.outputs["commit"] == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    CHECK(run.outputs["skipped"] == false);
  }
  SECTION("Tag Push Hook") {
    Run run = verifyBody(fixture("gitlab-tag-push.json"), {"--signature", kSecret, "--event", "Tag Push Hook"});
    INFO(run.result.err);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["event"] == "tag_push");
    CHECK(run.outputs["tag"] == "v1.0.0");
    CHECK(run.outputs["commit"] == "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
    CHECK(run.outputs["repository"] == "data/kestra-flows");
    CHECK(run.outputs["skipped"] == false);
  }
  SECTION("Tag Push Hook with --branch: verified, skipped as a tag") {
    Run run = verifyBody(fixture("gitlab-tag-push.json"),
                         {"--signature", kSecret, "--event", "Tag Push Hook", "--branch", "main"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["skipped"] == true);
    CHECK(reasonOf(run).find("tag push v1.0.0") != std::string::npos);
  }
  SECTION("Merge Request Hook") {
    Run run = verifyBody(fixture("gitlab-merge-request.json"), {"--signature", kSecret, "--event", "Merge Request Hook"});
    INFO(run.result.err);
    REQUIRE(run.result.exitCode == 0);
    CHECK(run.outputs["provider"] == "gitlab");
    CHECK(run.outputs["event"] == "other");
    CHECK(run.outputs["skipped"] == true);
    CHECK(reasonOf(run) == "gitlab event 'Merge Request Hook' is not a push: nothing to deploy");
  }
  SECTION("a push body under Merge Request Hook is skipped: the header decides") {
    Run run = verifyBody(fixture("gitlab-push.json"), {"--signature", kSecret, "--event", "Merge Request Hook"});
    CHECK(run.result.exitCode == 0);
    CHECK(run.outputs["skipped"] == true);
  }
  SECTION("a wrong token is refused for every event") {
    for (const auto& [file, event] : std::vector<std::pair<std::string, std::string>>{
             {"gitlab-push.json", "Push Hook"},
             {"gitlab-tag-push.json", "Tag Push Hook"},
             {"gitlab-merge-request.json", "Merge Request Hook"}}) {
      INFO(event);
      Run run = verifyBody(fixture(file), {"--signature", "not-the-token", "--event", event});
      CHECK(run.result.exitCode == 1);
      CHECK(run.outputs.empty());
    }
  }
}
