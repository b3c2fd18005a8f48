// End to end: a bare Git repository served over HTTP (lighttpd + git http-backend), the Kestra API fake
// behind Prism (Kestra's OpenAPI spec), signed push payloads → `kestra-cicd deploy`.
#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <memory>
#include <set>
#include <sstream>

#include "GitServers.h"
#include "KestraServers.h"
#include "Process.h"
#include "webhook/Signature.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

const std::string kWebhookSecret = "e2e-webhook-secret";

// The deploys with --read-only=add send labelled flows. Kestra answers labels as a list of {key, value}
// (1.x ListOrMapOfLabelSerializer), which the 1.3.0 spec describes; the 2.0.0-SNAPSHOT spec describes
// Flow.labels as a map (a Java Map schema), so Prism would turn every labelled answer into a 500. These
// scenarios are therefore checked against the 1.3 contract; NamespaceUpdateTest covers the 2.0 fake.
ContractServer& contractServer() { return ContractServer::instance("1.3"); }

std::string flow(const std::string& ns, const std::string& id) {
  return "id: " + id + "\nnamespace: " + ns + "\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n"
         "    message: hello from " + id + "\n";
}

// A working repository, pushed to a bare one that the HTTP server serves.
struct Repository {
  TempDir dir;
  std::filesystem::path work = dir / "work";
  std::filesystem::path bareRoot = dir / "served";
  Repository() {
    std::filesystem::create_directories(work);
    std::filesystem::create_directories(bareRoot);
    mustRun({"git", "-C", work.string(), "init", "-q", "-b", "main"});
  }
  void write(const std::string& path, const std::string& text) { writeFile(work / path, text); }
  void remove(const std::string& path) { std::filesystem::remove(work / path); }
  std::string commit(const std::string& message) {
    mustRun({"git", "-C", work.string(), "add", "-A"});
    mustRun({"git", "-C", work.string(), "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m",
             message});
    std::filesystem::remove_all(bareRoot / "repo.git");
    mustRun({"git", "clone", "-q", "--bare", work.string(), (bareRoot / "repo.git").string()});
    auto r = run({"git", "-C", work.string(), "rev-parse", "HEAD"});
    return r.out.substr(0, 40);
  }
};

std::string pushPayload(const std::string& cloneUrl, const std::string& sha, const json& added, const json& removed) {
  json body = {{"ref", "refs/heads/main"},
               {"before", std::string(40, '1')},
               {"after", sha},
               {"repository", {{"full_name", "org/flows"}, {"clone_url", cloneUrl}}},
               {"pusher", {{"name", "dev"}}},
               {"commits", json::array({{{"id", sha}, {"added", added}, {"modified", json::array()}, {"removed", removed}}})}};
  return body.dump();
}

struct Run {
  std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();  // a fresh Kestra WorkingDirectory per run
  const TempDir& workdir = *dir;
  ProcessResult result;
};

Run deploy(const HttpGitServer& git, const std::string& body, const std::string& signature,
           std::vector<std::string> extra = {}) {
  Run run;
  writeFile(run.workdir / "body.json", body);
  std::vector<std::string> args{"deploy", "--repo", git.url("repo"), "--branch", "main", "--webhook-body", "body.json",
                                "--webhook-signature", signature, "--server", contractServer().url(),
                                "--read-only=add"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto env = basicAuthEnv();
  env["GIT_USERNAME"] = git.user;
  env["GIT_PASSWORD"] = git.password;
  env["WEBHOOK_SECRET"] = kWebhookSecret;
  env["WORKING_DIR"] = run.workdir.path().string();
  RunOptions options = cliOptions(env);
  options.env["KESTRA_CICD_FRAMES"] = "always";  // as under Kestra: outputs are read from the frames
  options.cwd = run.workdir.path();
  run.result = runCli(args, options);
  return run;
}

json outputs(const std::string& out) {
  json merged = json::object();
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("::{", 0) == 0 && line.size() > 4) {
      json frame = json::parse(line.substr(2, line.size() - 4));
      if (frame.contains("outputs")) merged.update(frame["outputs"]);
    }
  return merged;
}

std::set<std::string> idsIn(const json& state, const std::string& ns) {
  std::set<std::string> ids;
  if (state.contains("main") && state["main"].contains(ns))
    for (const auto& f : state["main"][ns]) ids.insert(f["id"].get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("deploy from signed pushes: add, delete, refuse invalid flows and bad signatures", "[deploy]") {
  auto& contract = contractServer();
  contract.fake().reset();
  contract.newViolations();
  Repository repo;
  repo.write("flows/prod/a.yml", flow("prod", "a"));
  repo.write("flows/prod/b.yml", flow("prod", "b"));
  repo.write("flows/prod.marketing/c.yml", flow("prod.marketing", "c"));
  repo.write("README.md", "flows of org\n");
  std::string first = repo.commit("first");
  TempDir state;
  HttpGitServer git(repo.bareRoot, state.path());

  // 1. A signed push (X-GitHub-Event: push, --event) deploys every namespace; the fake holds exactly those flows, labelled read-only.
  std::string body = pushPayload(git.url("repo"), first, {"flows/prod/a.yml", "flows/prod/b.yml", "flows/prod.marketing/c.yml"}, json::array());
  auto run1 = deploy(git, body, kcicd::webhook::githubSignature(body, kWebhookSecret), {"--event", "push"});
  INFO(run1.result.out << run1.result.err);
  REQUIRE(run1.result.exitCode == 0);
  json flows = contract.fake().flows();
  CHECK(idsIn(flows, "prod") == std::set<std::string>{"a", "b"});
  CHECK(idsIn(flows, "prod.marketing") == std::set<std::string>{"c"});
  for (const auto& f : flows["main"]["prod"]) CHECK(f["source"].get<std::string>().find("system.readOnly: true") != std::string::npos);
  json out1 = outputs(run1.result.out);
  CHECK(out1["commit"] == first);
  CHECK(out1["skipped"] == false);
  CHECK(out1["namespaces"]["prod"]["created"] == 2);

  // 2. A push removing b, deployed with --delete, removes it (and only it).
  repo.remove("flows/prod/b.yml");
  std::string second = repo.commit("remove b");
  body = pushPayload(git.url("repo"), second, json::array(), {"flows/prod/b.yml"});
  auto run2 = deploy(git, body, kcicd::webhook::githubSignature(body, kWebhookSecret), {"--delete", "--changed-only"});
  INFO(run2.result.out << run2.result.err);
  REQUIRE(run2.result.exitCode == 0);
  flows = contract.fake().flows();
  CHECK(idsIn(flows, "prod") == std::set<std::string>{"a"});
  CHECK(idsIn(flows, "prod.marketing") == std::set<std::string>{"c"});
  json out2 = outputs(run2.result.out);
  CHECK(out2["namespaces"].contains("prod"));
  CHECK_FALSE(out2["namespaces"].contains("prod.marketing"));  // --changed-only

  // 3. A push with one invalid flow changes nothing on the server.
  json before = contract.fake().flows();
  repo.write("flows/prod/a.yml", flow("prod", "a") + "  - id: again\n    type: io.kestra.plugin.core.log.Log\n    message: x\n");
  repo.write("flows/prod.marketing/bad.yml", "id: bad\nnamespace: prod.marketing\ntasks: []\n");
  std::string third = repo.commit("one invalid flow");
  body = pushPayload(git.url("repo"), third, {"flows/prod.marketing/bad.yml"}, json::array());
  auto run3 = deploy(git, body, kcicd::webhook::githubSignature(body, kWebhookSecret));
  CHECK(run3.result.exitCode == 1);
  CHECK(run3.result.err.find("bad.yml") != std::string::npos);
  CHECK(run3.result.err.find("nothing was deployed") != std::string::npos);
  CHECK(contract.fake().flows() == before);

  // 4. A bad signature clones nothing and writes nothing.
  auto run4 = deploy(git, body, kcicd::webhook::githubSignature(body, "another secret"));
  CHECK(run4.result.exitCode == 1);
  CHECK_FALSE(std::filesystem::exists(run4.workdir / "repo"));
  CHECK(contract.fake().flows() == before);

  // 5. A signed delivery whose X-GitHub-Event is not a push (--event) is skipped, exit 0: nothing cloned or
  //    written, even though its body has the shape of a push.
  auto run5 = deploy(git, body, kcicd::webhook::githubSignature(body, kWebhookSecret), {"--event", "pull_request"});
  INFO(run5.result.out << run5.result.err);
  CHECK(run5.result.exitCode == 0);
  json out5 = outputs(run5.result.out);
  CHECK(out5["skipped"] == true);
  CHECK(out5["reason"].get<std::string>().find("'pull_request'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(run5.workdir / "repo"));
  CHECK(contract.fake().flows() == before);

  // 6. The same event with a bad signature is refused: the signature comes first.
  auto run6 = deploy(git, body, kcicd::webhook::githubSignature(body, "another secret"), {"--event", "pull_request"});
  CHECK(run6.result.exitCode == 1);
  CHECK(contract.fake().flows() == before);

  CHECK(contract.newViolations().empty());
}

TEST_CASE("deploy --dry-run prints the diff and writes nothing", "[deploy]") {
  auto& contract = contractServer();
  contract.fake().reset();
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flow("prod", "a"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  auto applied = runCli({"deploy", "--server", contract.url()}, options);
  REQUIRE(applied.exitCode == 0);
  writeFile(dir / "flows/prod/a.yml", flow("prod", "a") + "description: changed\n");
  writeFile(dir / "flows/prod/new.yml", flow("prod", "new"));
  json before = contract.fake().flows();
  auto dry = runCli({"deploy", "--dry-run", "--server", contract.url()}, options);
  INFO(dry.out << dry.err);
  REQUIRE(dry.exitCode == 0);
  CHECK(dry.out.find("UPDATED prod.a") != std::string::npos);
  CHECK(dry.out.find("+description: changed") != std::string::npos);
  CHECK(dry.out.find("ADDED prod.new") != std::string::npos);
  CHECK(contract.fake().flows() == before);
  CHECK(contract.newViolations().empty());
}

TEST_CASE("a preview deploy writes ns as prefix.ns with its triggers disabled, and leaves ns alone", "[deploy]") {
  FakeKestra fake;
  TempDir dir;
  std::string scheduled = flow("prod", "nightly") +
                          "triggers:\n  - id: every-night\n    type: io.kestra.plugin.core.trigger.Schedule\n"
                          "    cron: \"0 2 * * *\"\n";
  writeFile(dir / "flows/prod/nightly.yml", scheduled);
  writeFile(dir / "flows/prod.team/a.yml", flow("prod.team", "a"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  REQUIRE(runCli({"deploy", "--server", fake.url()}, options).exitCode == 0);  // production, triggers on
  json production = fake.flows();

  auto preview = runCli({"deploy", "--server", fake.url(), "--namespace-prefix", "pr-42", "--disable-triggers",
                         "--format", "json"}, options);
  INFO(preview.out << preview.err);
  REQUIRE(preview.exitCode == 0);
  json state = fake.flows();
  CHECK(state["main"]["prod"] == production["main"]["prod"]);  // untouched
  CHECK(idsIn(state, "pr-42.prod") == std::set<std::string>{"nightly"});
  CHECK(idsIn(state, "pr-42.prod.team") == std::set<std::string>{"a"});
  std::string source = state["main"]["pr-42.prod"][0]["source"];
  std::string expected = scheduled;
  expected.replace(expected.find("namespace: prod"), 15, "namespace: pr-42.prod");
  expected.replace(expected.find("  - id: every-night"), 4, "  - disabled: true\n    ");
  CHECK(source == expected);
  json report = json::parse(preview.out);
  CHECK(report["namespaces"].contains("pr-42.prod"));
  CHECK(report["namespaces"]["pr-42.prod"]["created"] == 1);

  auto badPrefix = runCli({"deploy", "--server", fake.url(), "--namespace-prefix", "PR 42"}, options);
  CHECK(badPrefix.exitCode == 2);
  CHECK(badPrefix.err.find("--namespace-prefix: 'PR 42' is not a Kestra namespace") != std::string::npos);
}

TEST_CASE("a second deploy --repo in one working directory fetches into its clone; --fresh starts over", "[deploy]") {
  FakeKestra fake;
  Repository repo;
  repo.write("flows/prod/a.yml", flow("prod", "a"));
  repo.commit("one");
  mustRun({"git", "clone", "-q", "--bare", repo.work.string(), (repo.bareRoot / "other.git").string()});
  TempDir state;
  HttpGitServer git(repo.bareRoot, state.path());
  TempDir work;
  auto env = basicAuthEnv();
  env["GIT_USERNAME"] = git.user;
  env["GIT_PASSWORD"] = git.password;
  auto options = cliOptions(env);
  options.cwd = work.path();
  auto deployRepo = [&](const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"deploy", "--repo", git.url(name), "--branch", "main", "--server", fake.url(), "--delete"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runCli(args, options);
  };
  REQUIRE(deployRepo("repo").exitCode == 0);

  repo.remove("flows/prod/a.yml");
  repo.write("flows/prod/b.yml", flow("prod", "b"));
  std::string second = repo.commit("two");
  auto again = deployRepo("repo", {"-v"});  // the reuse is a step: shown with -v
  INFO(again.out << again.err);
  CHECK(again.exitCode == 0);
  CHECK(again.err.find("Reusing the clone of") != std::string::npos);
  CHECK(idsIn(fake.flows(), "prod") == std::set<std::string>{"b"});
  CHECK_FALSE(std::filesystem::exists(work / "repo/flows/prod/a.yml"));  // the checkout follows the new commit
  CHECK(run({"git", "-C", (work / "repo").string(), "rev-parse", "HEAD"}).out.substr(0, 40) == second);

  auto clash = deployRepo("other");
  CHECK(clash.exitCode == 2);
  CHECK(clash.err.find("already holds a clone of '" + git.url("repo") + "', not of '" + git.url("other") +
                       "': give --fresh to replace it") != std::string::npos);
  auto fresh = deployRepo("other", {"--fresh"});
  INFO(fresh.err);
  CHECK(fresh.exitCode == 0);
  CHECK(run({"git", "-C", (work / "repo").string(), "remote", "get-url", "origin"}).out == git.url("other") + "\n");
}

TEST_CASE("a files map DIR=NAMESPACE names the folders of namespace files explicitly", "[deploy][namespace-files]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flow("prod", "a"));
  writeFile(dir / "assets/prod-scripts/run.py", "print('a')\n");
  writeFile(dir / "files/prod/ignored.txt", "not read: --files-map replaces --files-dir\n");
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  auto r = runCli({"deploy", "--server", fake.url(), "--files-map", "assets/prod-scripts=prod"}, options);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  CHECK(fake.files("prod") == std::map<std::string, std::string>{{"/run.py", "print('a')\n"}});
  auto bad = runCli({"deploy", "--server", fake.url(), "--files-map", "assets/prod-scripts"}, options);
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("--files-map 'assets/prod-scripts': expected DIR=NAMESPACE") != std::string::npos);
  auto missing = runCli({"deploy", "--server", fake.url(), "--files-map", "nowhere=prod"}, options);
  CHECK(missing.exitCode == 1);
  CHECK(missing.err.find("--files-map 'nowhere=prod': the repository has no folder") != std::string::npos);
}

TEST_CASE("a repository without the flows folder fails with exit 1, not as a usage error", "[deploy]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "workflows/prod/a.yml", flow("prod", "a"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  auto r = runCli({"deploy", "--server", fake.url()}, options);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("--flows-dir: the repository has no folder") != std::string::npos);
  CHECK(r.err.find("--help") == std::string::npos);  // the command line was right
  auto named = runCli({"deploy", "--server", fake.url(), "--namespace", "dev"}, options);
  CHECK(named.exitCode == 1);
  CHECK(runCli({"deploy", "--server", fake.url(), "--flows-dir", "workflows"}, options).exitCode == 0);
  CHECK(fake.flows()["main"]["prod"].size() == 1);
}

TEST_CASE("a failing write rolls the whole deploy back, across namespaces", "[deploy]") {
  // Straight to the fake (a 503 is not in Kestra's spec, so not through Prism).
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/alpha/a.yml", flow("alpha", "a"));
  writeFile(dir / "flows/beta/b.yml", flow("beta", "b"));
  writeFile(dir / "flows/gamma/c.yml", flow("gamma", "c"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  fake.setFault("unavailable", 1, "POST", 2);  // the server validation and alpha's creation pass; beta's fails
  auto r = runCli({"deploy", "--server", fake.url(), "--format", "json", "--parallel", "1"}, options);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 3);
  json report = json::parse(r.out);
  CHECK(report["failedNamespace"] == "beta");
  CHECK(report["failure"]["id"] == "b");
  CHECK(report["failure"]["message"].get<std::string>().find("503") != std::string::npos);
  CHECK(report["rollback"]["complete"] == true);
  for (const char* ns : {"alpha", "beta", "gamma"}) CHECK(report["namespaces"][ns]["applied"] == false);
  json flows = fake.flows();
  for (const char* ns : {"alpha", "beta", "gamma"}) CHECK(idsIn(flows, ns).empty());  // alpha.a deleted again

  fake.setFault("unavailable", 1, "POST", 2);
  auto text = runCli({"deploy", "--server", fake.url(), "--parallel", "1"}, options);
  CHECK(text.exitCode == 3);
  CHECK(text.err.find("✘ - writing flow 'beta.b' (flows/beta/b.yml) failed") != std::string::npos);
  CHECK(text.err.find("rolled back: every flow is as it was before this run (1 restored)") != std::string::npos);

  // --no-rollback: what was written stays, and the report says so per namespace.
  fake.setFault("unavailable", 1, "POST", 2);
  auto kept = runCli({"deploy", "--server", fake.url(), "--format", "json", "--parallel", "1", "--no-rollback"}, options);
  CHECK(kept.exitCode == 3);
  json keptReport = json::parse(kept.out);
  CHECK(keptReport["namespaces"]["alpha"]["applied"] == true);
  CHECK(keptReport["namespaces"]["beta"]["applied"] == false);
  CHECK(keptReport["namespaces"]["gamma"]["applied"] == false);
  CHECK(idsIn(fake.flows(), "alpha") == std::set<std::string>{"a"});
}

TEST_CASE("deploy uploads files/<namespace>/… as that namespace's files, in the same plan", "[deploy][namespace-files]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/alpha/a.yml", flow("alpha", "a"));
  writeFile(dir / "files/alpha/scripts/run.py", "print('a')\n");
  writeFile(dir / "files/alpha/data.bin", std::string("\0\1\2", 3));
  writeFile(dir / "files/Not_A_Namespace/x.txt", "ignored\n");
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  fake.seedFile("alpha", "/stale.txt", "stale\n");

  auto dry = runCli({"deploy", "--server", fake.url(), "--dry-run", "--delete"}, options);
  INFO(dry.out << dry.err);
  REQUIRE(dry.exitCode == 0);
  CHECK(dry.out.find("namespace files of 'alpha' (dry run, nothing written):\nADDED /data.bin\nADDED /scripts/run.py\n"
                     "DELETED /stale.txt\n") != std::string::npos);
  CHECK(fake.files("alpha") == std::map<std::string, std::string>{{"/stale.txt", "stale\n"}});

  auto r = runCli({"deploy", "--server", fake.url(), "--delete", "--format", "json"}, options);
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(fake.files("alpha") == std::map<std::string, std::string>{{"/data.bin", std::string("\0\1\2", 3)},
                                                                  {"/scripts/run.py", "print('a')\n"}});
  json report = json::parse(r.out);
  CHECK(report["namespaceFiles"][0]["created"] == 2);
  CHECK(report["namespaceFiles"][0]["deleted"] == 1);
  CHECK(idsIn(fake.flows(), "alpha") == std::set<std::string>{"a"});

  SECTION("a failed upload rolls back the files and the flows of the deploy") {
    writeFile(dir / "flows/alpha/b.yml", flow("alpha", "b"));
    writeFile(dir / "files/alpha/scripts/run.py", "print('changed')\n");
    writeFile(dir / "files/alpha/new.txt", "new\n");
    auto flowsBefore = fake.flows();
    auto filesBefore = fake.files("alpha");
    fake.setFault("error-500", 1, "POST", 1, "/namespaces/alpha/files");
    auto failed = runCli({"deploy", "--server", fake.url(), "--parallel", "1"}, options);
    INFO(failed.out << failed.err);
    CHECK(failed.exitCode == 3);
    CHECK(failed.err.find("✘ - writing namespace file '") != std::string::npos);
    CHECK(failed.err.find("rolled back: every file is as it was before this run") != std::string::npos);
    CHECK(failed.err.find("rolled back: every flow is as it was before this run (1 restored)") != std::string::npos);
    fake.setFault("none");
    CHECK(fake.files("alpha") == filesBefore);
    CHECK(fake.flows() == flowsBefore);
  }
}

TEST_CASE("deploy --repo over --max-clone-size clones nothing and deploys nothing", "[deploy][limits]") {
  auto& contract = contractServer();
  contract.fake().reset();
  Repository repo;
  repo.write("flows/prod/a.yml", flow("prod", "a"));
  repo.write("data.bin", std::string(256 * 1024, '\0'));  // a small pack, 256 KiB once checked out
  std::string sha = repo.commit("flows and data");
  TempDir state;
  HttpGitServer git(repo.bareRoot, state.path());
  std::string body = pushPayload(git.url("repo"), sha, {"flows/prod/a.yml"}, json::array());
  json before = contract.fake().flows();
  auto run = deploy(git, body, kcicd::webhook::githubSignature(body, kWebhookSecret), {"--max-clone-size", "64KiB"});
  INFO(run.result.out << run.result.err);
  CHECK(run.result.exitCode == 1);
  CHECK(run.result.err.find("larger than --max-clone-size 64 KiB") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(run.workdir / "repo"));
  CHECK(contract.fake().flows() == before);
}
