// The plugin types of the catalog (script tasks, the Docker task runner, Git tasks): valid flows per version,
// and a mistyped property refused like Kestra, naming the class, with our "did you mean" hint.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "FlowRun.h"
#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"

using namespace kcicd::flow;

namespace {

std::string lines(const FileReport& report) { return kcicd::test::errorLinesWithHints(report); }

bool has(const FileReport& report, const std::string& text) { return lines(report).find(text) != std::string::npos; }

std::string flow(const std::string& tasks) { return "id: my_flow\nnamespace: company.team\ntasks:\n" + tasks; }

const char* kShellCommands =
    "  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    beforeCommands:\n      - apt-get update\n"
    "    commands:\n      - echo hi\n    env:\n      A: b\n    containerImage: ubuntu:24.04\n    warningOnStdErr: false\n"
    "    failFast: true\n    targetOS: LINUX\n    outputFiles:\n      - out.txt\n    inputFiles:\n      in.txt: data\n"
    "    namespaceFiles:\n      enabled: true\n    interpreter: [\"/bin/bash\", \"-c\"]\n"
    "    taskRunner:\n      type: io.kestra.plugin.core.runner.Process\n";

const char* kScripts =
    "  - id: sh_script\n    type: io.kestra.plugin.scripts.shell.Script\n    script: echo hi\n"
    "  - id: py\n    type: io.kestra.plugin.scripts.python.Script\n    script: print(1)\n"
    "    dependencies: [requests]\n    pythonVersion: \"3.12\"\n    dependencyCacheEnabled: false\n    packageManager: PIP\n"
    "    containerImage: python:3.12-slim\n"
    "    taskRunner:\n      type: io.kestra.plugin.scripts.runner.docker.Docker\n      pullPolicy: ALWAYS\n"
    "      memory:\n        memory: 512MB\n      networkMode: host\n"
    "  - id: py_cmd\n    type: io.kestra.plugin.scripts.python.Commands\n    commands: [python main.py]\n"
    "  - id: node\n    type: io.kestra.plugin.scripts.node.Script\n    script: console.log(1)\n"
    "  - id: node_cmd\n    type: io.kestra.plugin.scripts.node.Commands\n    commands: [node main.js]\n";

const char* kGit =
    "  - id: wd\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    tasks:\n"
    "      - id: clone\n        type: io.kestra.plugin.git.Clone\n        url: https://github.com/kestra-io/scripts\n"
    "        branch: main\n        depth: 1\n        username: me\n        password: \"{{ secret('GITHUB') }}\"\n"
    "  - id: sync\n    type: io.kestra.plugin.git.SyncFlows\n    url: https://github.com/org/repo\n"
    "    targetNamespace: company.team\n    gitDirectory: flows\n    includeChildNamespaces: true\n    dryRun: true\n"
    "  - id: sync_files\n    type: io.kestra.plugin.git.SyncNamespaceFiles\n    url: https://github.com/org/repo\n"
    "    namespace: company.team\n"
    "  - id: push\n    type: io.kestra.plugin.git.PushFlows\n    url: https://github.com/org/repo\n"
    "    sourceNamespace: company.team\n    flows: \"*\"\n    commitMessage: sync\n    authorName: ci\n"
    "  - id: push_files\n    type: io.kestra.plugin.git.PushNamespaceFiles\n    url: https://github.com/org/repo\n"
    "    files: [\"**/*.sql\"]\n    errorOnMissing: true\n";

}  // namespace

TEST_CASE("script, Docker runner and Git tasks are checked under 1.3 and 2.0, not under 0.21", "[catalog][plugins]") {
  for (KestraVersion version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
    for (const char* tasks : {kShellCommands, kScripts, kGit}) {
      auto report = kcicd::test::validateFlow(flow(tasks), version);
      INFO(toString(version) << "\n" << tasks << lines(report));
      REQUIRE(report.valid());
      CHECK(report.documents[0].uncheckedTypes.empty());
    }
  }
  auto old = kcicd::test::validateFlow(flow(kShellCommands), KestraVersion::V0_21);
  INFO(lines(old));
  REQUIRE(old.valid());
  CHECK(old.documents[0].uncheckedTypes == std::vector<std::string>{"io.kestra.plugin.scripts.shell.Commands"});
}

TEST_CASE("a mistyped script property is refused with the class named and a did-you-mean hint", "[catalog][plugins]") {
  const std::string typo =
      flow("  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    beforeComands: [ls]\n    commands: [ls]\n");
  for (KestraVersion version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
    auto report = kcicd::test::validateFlow(typo, version);
    INFO(lines(report));
    CHECK(has(report, "tasks[0].beforeComands: Unrecognized field \"beforeComands\" (class io.kestra.plugin.scripts.shell.Commands), "
                      "not marked as ignorable ("));
    CHECK(has(report, "[hint: did you mean \"beforeCommands\"?]"));
  }
  auto git = kcicd::test::validateFlow(
      flow("  - id: c\n    type: io.kestra.plugin.git.Clone\n    url: https://x/y\n    brnach: main\n"), KestraVersion::V2_0);
  INFO(lines(git));
  CHECK(has(git, "Unrecognized field \"brnach\" (class io.kestra.plugin.git.Clone)"));
  CHECK(has(git, "[hint: did you mean \"branch\"?]"));
}

TEST_CASE("required plugin properties and version gates", "[catalog][plugins]") {
  CHECK(has(kcicd::test::validateFlow(flow("  - id: sh\n    type: io.kestra.plugin.scripts.shell.Script\n"), KestraVersion::V1_3),
            "sh.script: must not be null"));
  CHECK(has(kcicd::test::validateFlow(flow("  - id: c\n    type: io.kestra.plugin.git.Clone\n"), KestraVersion::V1_3),
            "c.url: must not be null"));
  // The deprecated `runner` is gone in 2.0 (kestra-migrate rewrites it to taskRunner).
  const std::string runner = flow("  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    runner: PROCESS\n"
                                  "    commands: [ls]\n");
  CHECK(kcicd::test::validateFlow(runner, KestraVersion::V1_3).valid());
  auto v2 = kcicd::test::validateFlow(runner, KestraVersion::V2_0);
  CHECK(has(v2, "Unrecognized field \"runner\" (class io.kestra.plugin.scripts.shell.Commands)"));
  CHECK(has(v2, "[hint: the script task runner property was removed in Kestra 2.0: use taskRunner"));
  // kestraUrl and auth arrive on the Git tasks with plugin-git 3.0 (Kestra 2.0).
  const std::string kestraUrl = flow("  - id: s\n    type: io.kestra.plugin.git.SyncFlows\n    url: https://x/y\n"
                                     "    targetNamespace: company.team\n    kestraUrl: http://kestra:8080\n");
  CHECK(has(kcicd::test::validateFlow(kestraUrl, KestraVersion::V1_3), "Unrecognized field \"kestraUrl\""));
  CHECK(kcicd::test::validateFlow(kestraUrl, KestraVersion::V2_0).valid());
  // A mistyped Docker runner property is refused too.
  auto docker = kcicd::test::validateFlow(
      flow("  - id: py\n    type: io.kestra.plugin.scripts.python.Script\n    script: x\n    taskRunner:\n"
           "      type: io.kestra.plugin.scripts.runner.docker.Docker\n      pullPolicyy: ALWAYS\n"),
      KestraVersion::V1_3);
  INFO(lines(docker));
  CHECK(has(docker, "Unrecognized field \"pullPolicyy\" (class io.kestra.plugin.scripts.runner.docker.Docker)"));
}
