// The GitLab CI component (templates/kestra-cicd/template.yml) in a pipeline run by gitlab-ci-local
// (tests/gitlab-ci, pinned), with the shell executor (no Docker engine here): a repository whose
// .gitlab-ci.yml includes the component with `inputs:`, credentials in the project's variables file
// (as masked CI/CD variables would be), the binary and the entry script named by variables the script
// honours. The pipeline deploys to the fake Kestra, whose flows are compared before and after.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "KestraServers.h"
#include "LiveFlows.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const fs::path kSource(KCICD_SOURCE_DIR);
const fs::path kGitlabCiLocal = kSource / "tests/gitlab-ci/node_modules/.bin/gitlab-ci-local";

struct Pipeline {
  TempDir dir;
  fs::path repo() const { return dir / "repo"; }

  // The project's variables hold the fake's credentials, as masked CI/CD variables would.
  explicit Pipeline(const std::string& gitlabCi) {
    fs::create_directories(repo() / "templates/kestra-cicd");
    fs::copy_file(kSource / "templates/kestra-cicd/template.yml", repo() / "templates/kestra-cicd/template.yml");
    writeFile(repo() / ".gitlab-ci.yml", gitlabCi);
    std::string vars = "KESTRA_CICD_BIN: " + std::string(KCICD_BINARY) + "\nKESTRA_CICD_ACTION: " +
                       (kSource / "scripts/action.sh").string() + "\n";
    vars += "KESTRA_USER: '" + kUser + "'\nKESTRA_PASSWORD: '" + kPassword + "'\n";
    writeFile(repo() / ".gitlab-ci-local-variables.yml", vars);
    writeFile(repo() / ".gitignore", ".gitlab-ci-local*\n");
  }

  ProcessResult run() {
    RunOptions git;
    git.cwd = repo();
    git.env = {{"GIT_AUTHOR_NAME", "t"}, {"GIT_AUTHOR_EMAIL", "t@example.com"}, {"GIT_COMMITTER_NAME", "t"},
               {"GIT_COMMITTER_EMAIL", "t@example.com"}};
    for (const auto& argv : std::vector<std::vector<std::string>>{
             {"git", "init", "-q", "-b", "main"},
             {"git", "remote", "add", "origin", "https://gitlab.example.com/group/flows.git"},
             {"git", "add", "-A"},
             {"git", "commit", "-qm", "flows"}}) {
      auto r = kcicd::test::run(argv, git);
      if (r.exitCode != 0) FAIL(argv[1] + ": " + r.err);
    }
    auto options = cliOptions();
    options.cwd = repo();
    options.env["HOME"] = dir.path().string();
    options.timeout = std::chrono::seconds(180);
    return kcicd::test::run({kGitlabCiLocal.string(), "--force-shell-executor", "--home", (dir / "glci").string()},
                            options);
  }
};

// A .gitlab-ci.yml with stages validate and deploy, including the component once per `inputs` map.
std::string pipelineWith(const std::vector<std::string>& inputs) {
  std::string ci = "stages: [validate, deploy]\ninclude:\n";
  for (const auto& i : inputs) ci += "  - local: templates/kestra-cicd/template.yml\n    inputs: {" + i + "}\n";
  return ci;
}

void requireGitlabCiLocal() {
  if (!fs::exists(kGitlabCiLocal))
    FAIL("gitlab-ci-local is not installed: run scripts/install-deps.sh (npm ci in tests/gitlab-ci)");
}

}  // namespace

TEST_CASE("GitLab component: a pipeline including it validates, then deploys each namespace to Kestra",
          "[action][gitlab]") {
  requireGitlabCiLocal();
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  INFO("Kestra " << version);
  FakeKestra fake{{"--kestra", version}};
  fake.seed("prod", flowYaml("prod", "old"));
  // The guide's layout: one folder per namespace.
  std::string server = "server: '" + fake.url() + "'";
  std::string ci = pipelineWith({"job: validate, stage: validate, directory: ./flows, local: true, " + server,
                                 "job: deploy-prod, namespace: prod, directory: ./flows/prod, delete: true, " + server,
                                 "job: deploy-prod-marketing, namespace: prod.marketing, directory: ./flows/prod.marketing, "
                                 "read_only: add, " + server});
  Pipeline p(ci);
  writeFile(p.repo() / "flows/prod/a.yml", flowYaml("prod", "a"));
  writeFile(p.repo() / "flows/prod.marketing/m.yml", flowYaml("prod.marketing", "m"));
  REQUIRE(liveFlows(fake) == std::map<std::string, std::string>{{"prod.old", flowYaml("prod", "old")}});

  auto r = p.run();
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(has(r.out, "PASS  validate"));
  CHECK(has(r.out, "PASS  deploy-prod"));
  CHECK(has(r.out, "PASS  deploy-prod-marketing"));
  auto held = liveFlows(fake);
  CHECK(held.count("prod.old") == 0);  // delete: true
  CHECK(held["prod.a"] == flowYaml("prod", "a"));
  CHECK(has(held["prod.marketing.m"], "system.readOnly"));
  CHECK_FALSE(has(r.out + r.err, kPassword));
}

TEST_CASE("GitLab component: an invalid flow fails the validate job, and the deploy stage never runs",
          "[action][gitlab]") {
  requireGitlabCiLocal();
  FakeKestra fake{{"--kestra", "2.0"}};
  std::string ci = pipelineWith({"job: validate, stage: validate, directory: flows",
                                 "job: deploy, namespace: prod, directory: flows/prod, server: '" + fake.url() + "'"});
  Pipeline p(ci);
  writeFile(p.repo() / "flows/prod/a.yml", flowYaml("prod", "a"));
  writeFile(p.repo() / "flows/prod/broken.yml",
            "id: broken\nnamespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    mesage: x\n");
  auto r = p.run();
  INFO(r.out << r.err);
  CHECK(r.exitCode != 0);
  CHECK(has(r.out, "FAIL  validate"));
  CHECK(has(r.out, "flows/prod/broken.yml,line=6"));
  CHECK(liveFlows(fake).empty());
}

TEST_CASE("GitLab component: spec inputs are the action's inputs, each passed as its INPUT_ variable",
          "[action][gitlab]") {
  auto docs = YAML::LoadAllFromFile((kSource / "templates/kestra-cicd/template.yml").string());
  REQUIRE(docs.size() == 2);
  YAML::Node action = YAML::LoadFile((kSource / "action.yml").string());
  std::set<std::string> actionInputs, componentInputs;
  for (const auto& i : action["inputs"]) actionInputs.insert(i.first.as<std::string>());
  for (const auto& i : docs[0]["spec"]["inputs"]) componentInputs.insert(i.first.as<std::string>());
  for (const char* own : {"job", "stage", "image"}) CHECK(componentInputs.erase(own) == 1);
  CHECK(componentInputs == actionInputs);

  auto job = docs[1]["$[[ inputs.job ]]"];
  REQUIRE(job.IsMap());
  for (const auto& name : actionInputs) {
    std::string env = "INPUT_" + name;
    for (auto& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    INFO(env);
    REQUIRE(job["variables"][env].IsScalar());
    CHECK(job["variables"][env].as<std::string>() == "$[[ inputs." + name + " ]]");
  }
}
