// The second batch of plugin types in the catalog: the PowerShell, R, Ruby and Go script tasks, the script
// triggers (shell, Python, Node, Ruby, Go) and the other Git tasks. For each type: a valid flow (after the
// plugin's own @Example, with our values) passes under 1.3 and 2.0, a mistyped property is refused with Kestra's
// "Unrecognized field" message and our did-you-mean hint, and under 0.21 the type stays unchecked.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "FlowRun.h"
#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"

using namespace kcicd::flow;

namespace {

std::string lines(const FileReport& report) { return kcicd::test::errorLinesWithHints(report); }

bool has(const FileReport& report, const std::string& text) { return lines(report).find(text) != std::string::npos; }

struct PluginCase {
  const char* type;
  bool trigger;
  const char* body;     // the properties after `type:`, indented for a list item
  const char* typo;     // a mistyped property name added to body
  const char* meant;    // the property our hint should name
  const char* v2Extra;  // properties only 2.0 has and requires (appended under 2.0 only)
};

const char* kLogTask = "  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ trigger.exitCode }}\"\n";

std::string flowWith(const PluginCase& c, const std::string& extra) {
  const std::string item =
      std::string("  - id: it\n    type: ") + c.type + "\n" + c.body + extra;
  if (c.trigger) return "id: my_flow\nnamespace: company.team\ntasks:\n" + std::string(kLogTask) + "triggers:\n" + item;
  return "id: my_flow\nnamespace: company.team\ntasks:\n" + item;
}

std::string validFlow(const PluginCase& c, KestraVersion version) {
  return flowWith(c, version == KestraVersion::V2_0 && c.v2Extra ? c.v2Extra : "");
}

const std::vector<PluginCase>& cases() {
  static const std::vector<PluginCase> all = {
      // Script tasks (kestra-io/plugin-scripts v1.9.8 / fix/v2).
      {"io.kestra.plugin.scripts.powershell.Commands", false,
       "    inputFiles:\n      hello.ps1: |\n        'Hi from PowerShell' | Write-Output\n    commands:\n      - ./hello.ps1\n"
       "    interpreter: [\"pwsh\", \"-NoProfile\", \"-Command\"]\n",
       "comands", "commands", nullptr},
      {"io.kestra.plugin.scripts.powershell.Script", false,
       "    containerImage: ghcr.io/kestra-io/powershell:7\n    script: |\n      Set-Content -Path out.txt -Value \"done\"\n"
       "    outputFiles: [out.txt]\n",
       "scipt", "script", nullptr},
      {"io.kestra.plugin.scripts.r.Commands", false,
       "    inputFiles:\n      main.R: |\n        print(Sys.Date())\n    beforeCommands:\n"
       "      - Rscript -e 'install.packages(\"jsonlite\")'\n    commands:\n      - Rscript main.R\n",
       "beforeComands", "beforeCommands", nullptr},
      {"io.kestra.plugin.scripts.r.Script", false,
       "    taskRunner:\n      type: io.kestra.plugin.scripts.runner.docker.Docker\n    containerImage: r-base:4.4.1\n"
       "    outputFiles:\n      - result.csv\n    script: |\n      write.csv(head(mtcars), \"result.csv\")\n",
       "outputFile", "outputFiles", nullptr},
      {"io.kestra.plugin.scripts.ruby.Commands", false,
       "    inputFiles:\n      main.rb: puts 'hi'\n    beforeCommands:\n      - gem install json\n    commands:\n      - ruby main.rb\n",
       "containerImge", "containerImage", nullptr},
      {"io.kestra.plugin.scripts.ruby.Script", false,
       "    containerImage: ruby:3.3\n    inputFiles:\n      data.txt: abc\n    script: |\n      puts File.read('data.txt')\n",
       "inputFile", "inputFiles", nullptr},
      {"io.kestra.plugin.scripts.go.Commands", false,
       "    inputFiles:\n      main.go: |\n        package main\n        func main() {}\n    commands:\n      - go run main.go\n"
       "    warningOnStdErr: false\n",
       "warningOnStdErrr", "warningOnStdErr", nullptr},
      {"io.kestra.plugin.scripts.go.Script", false,
       "    namespaceFiles:\n      enabled: true\n    script: |\n      package main\n      import \"fmt\"\n"
       "      func main() { fmt.Println(\"hi\") }\n",
       "namespaceFile", "namespaceFiles", nullptr},
      // Script triggers (same sources; unchanged between the two lines).
      {"io.kestra.plugin.scripts.shell.CommandsTrigger", true,
       "    interval: PT30S\n    exitCondition: \"exit 2\"\n    edge: false\n    containerImage: ubuntu:24.04\n"
       "    commands:\n      - test -f /tmp/ready\n",
       "exitConditon", "exitCondition", nullptr},
      {"io.kestra.plugin.scripts.shell.ScriptTrigger", true,
       "    interval: PT1M\n    exitCondition: ALERT\n    script: |\n      echo '::{\"outputs\":{\"status\":\"ALERT\"}}::'\n",
       "intervall", "interval", nullptr},
      {"io.kestra.plugin.scripts.python.CommandsTrigger", true,
       "    interval: PT5M\n    commands:\n      - python -c 'import sys; sys.exit(1)'\n",  // exitCondition is optional here
       "containerImag", "containerImage", nullptr},
      {"io.kestra.plugin.scripts.python.ScriptTrigger", true,
       "    exitCondition: \"exit 1\"\n    containerImage: python:3.12-slim\n    script: |\n      raise SystemExit(1)\n",
       "exitCondtion", "exitCondition", nullptr},
      {"io.kestra.plugin.scripts.node.CommandsTrigger", true,
       "    exitCondition: \"exit 3\"\n    commands:\n      - node -e 'process.exit(3)'\n",
       "comands", "commands", nullptr},
      {"io.kestra.plugin.scripts.node.ScriptTrigger", true,
       "    exitCondition: READY\n    edge: true\n    script: console.log('READY')\n",
       "scrpt", "script", nullptr},
      {"io.kestra.plugin.scripts.ruby.CommandsTrigger", true,
       "    interval: PT2M\n    exitCondition: \"exit 1\"\n    commands:\n      - ruby -e 'exit 1'\n",
       "intervl", "interval", nullptr},
      {"io.kestra.plugin.scripts.ruby.ScriptTrigger", true,
       "    exitCondition: \"exit 0\"\n    script: puts 'ok'\n",
       "edgee", "edge", nullptr},
      {"io.kestra.plugin.scripts.go.CommandsTrigger", true,
       "    exitCondition: \"exit 1\"\n    containerImage: golang:1.22\n    commands:\n      - go version\n",
       "exitConditions", "exitCondition", nullptr},
      {"io.kestra.plugin.scripts.go.ScriptTrigger", true,
       "    exitCondition: FOUND\n    script: |\n      package main\n      func main() {}\n",
       "containerImages", "containerImage", nullptr},
      // Git tasks (kestra-io/plugin-git v2.0.11 / v3.0.0).
      {"io.kestra.plugin.git.NamespaceSync", false,
       "    namespace: company.data\n    sourceOfTruth: GIT\n    whenMissingInSource: KEEP\n    protectedNamespaces: [system]\n"
       "    url: https://github.com/acme/kestra-config\n    username: bot\n    password: \"{{ secret('GIT_TOKEN') }}\"\n"
       "    branch: main\n    gitDirectory: kestra\n    onInvalidSyntax: WARN\n",
       "sourceOfTruh", "sourceOfTruth", nullptr},
      {"io.kestra.plugin.git.TenantSync", false,
       "    sourceOfTruth: KESTRA\n    whenMissingInSource: FAIL\n    url: https://github.com/acme/kestra-config\n"
       "    password: \"{{ secret('GIT_TOKEN') }}\"\n    branch: prod\n    dryRun: true\n    kestraUrl: http://kestra:8080\n"
       "    auth:\n      apiToken: \"{{ secret('KESTRA_TOKEN') }}\"\n",
       "whenMissingInSourc", "whenMissingInSource", nullptr},
      {"io.kestra.plugin.git.SyncFlow", false,
       "    url: https://github.com/acme/flows\n    branch: main\n    targetNamespace: company.marketing\n"
       "    flowPath: flows/marketing/daily.yml\n",
       "flowPth", "flowPath",
       "    kestraUrl: http://kestra:8080\n    auth:\n      username: admin@acme.io\n      password: \"{{ secret('KESTRA_PASSWORD') }}\"\n"},
      {"io.kestra.plugin.git.SyncDashboards", false,
       "    url: https://github.com/acme/dashboards\n    gitDirectory: dashboards\n    branch: main\n    delete: true\n",
       "gitDirectry", "gitDirectory", nullptr},
      {"io.kestra.plugin.git.PushDashboards", false,
       "    dashboards: sales_overview\n    url: https://github.com/acme/dashboards\n    username: bot\n"
       "    password: \"{{ secret('GIT_TOKEN') }}\"\n    commitMessage: dashboards of {{ flow.id }}\n",
       "dashboard", "dashboards", nullptr},
      {"io.kestra.plugin.git.PushExecutionFiles", false,
       "    filesMap:\n      reports/summary.csv: \"{{ outputs.build.outputFiles['summary.csv'] }}\"\n    gitDirectory: reports\n"
       "    url: https://github.com/acme/reports\n    branch: reports\n    errorOnMissing: true\n",
       "filesMp", "filesMap", nullptr},
  };
  return all;
}

}  // namespace

TEST_CASE("PowerShell, R, Ruby and Go tasks, script triggers and Git tasks pass under 1.3 and 2.0", "[catalog][plugins]") {
  REQUIRE(cases().size() == 24);
  for (const auto& c : cases()) {
    REQUIRE(PluginCatalog::core().resolve(c.type, KestraVersion::V2_0).type);
    for (KestraVersion version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
      const std::string yaml = validFlow(c, version);
      auto report = kcicd::test::validateFlow(yaml, version);
      INFO(c.type << " under " << toString(version) << "\n" << yaml << lines(report));
      CHECK(report.valid());
      CHECK(report.documents[0].uncheckedTypes.empty());
    }
  }
}

TEST_CASE("a mistyped property of the new plugin types is refused like Kestra, with a did-you-mean hint (triggers: 1.3)", "[catalog][plugins]") {
  for (const auto& c : cases()) {
    for (KestraVersion version : {KestraVersion::V1_3, KestraVersion::V2_0}) {
      std::string extra = std::string("    ") + c.typo + ": x\n";
      if (version == KestraVersion::V2_0 && c.v2Extra) extra += c.v2Extra;
      auto report = kcicd::test::validateFlow(flowWith(c, extra), version);
      INFO(c.type << " under " << toString(version) << "\n" << lines(report));
      if (c.trigger && version == KestraVersion::V2_0) {
        // 2.0's AbstractTrigger refuses unknown keys itself, with its own text (docs/kestra-2.0-rules.md, mechanism C).
        CHECK(has(report, std::string("triggers[0].") + c.typo + ": Unrecognized property \"" + c.typo +
                              "\" on trigger \"it\" (" + c.type + "): this property does not exist on this trigger"));
        continue;
      }
      CHECK(has(report, std::string("Unrecognized field \"") + c.typo + "\" (class " + c.type + "), not marked as ignorable"));
      CHECK(has(report, std::string("[hint: did you mean \"") + c.meant + "\"?]"));
    }
  }
}

TEST_CASE("under 0.21 the new plugin types stay unchecked", "[catalog][plugins]") {
  for (const auto& c : cases()) {
    auto report = kcicd::test::validateFlow(flowWith(c, std::string("    ") + c.typo + ": x\n"), KestraVersion::V0_21);
    INFO(c.type << "\n" << lines(report));
    CHECK(report.valid());
    CHECK(report.documents[0].uncheckedTypes == std::vector<std::string>{c.type});
  }
}

TEST_CASE("required properties and version gates of the new plugin types", "[catalog][plugins]") {
  const std::string header = "id: my_flow\nnamespace: company.team\ntasks:\n";
  // exitCondition is required on the script triggers, except the Python ones.
  const std::string noCondition = header + kLogTask +
                                  "triggers:\n  - id: poll\n    type: io.kestra.plugin.scripts.shell.CommandsTrigger\n"
                                  "    commands: [\"true\"]\n";
  CHECK(has(kcicd::test::validateFlow(noCondition, KestraVersion::V1_3), "exitCondition: must not be null"));
  CHECK(has(kcicd::test::validateFlow(header + "  - id: ps\n    type: io.kestra.plugin.scripts.powershell.Script\n",
                                      KestraVersion::V2_0),
            "ps.script: must not be null"));
  // TenantSync needs auth on both lines; SyncFlow gains kestraUrl and a required auth with plugin-git 3.0 (Kestra 2.0).
  const std::string tenant = header + "  - id: t\n    type: io.kestra.plugin.git.TenantSync\n    branch: main\n";
  for (KestraVersion version : {KestraVersion::V1_3, KestraVersion::V2_0})
    CHECK(has(kcicd::test::validateFlow(tenant, version), "t.auth: must not be null"));
  const std::string syncFlow = header +
                               "  - id: s\n    type: io.kestra.plugin.git.SyncFlow\n    targetNamespace: company.team\n"
                               "    flowPath: flows/a.yml\n";
  CHECK(kcicd::test::validateFlow(syncFlow, KestraVersion::V1_3).valid());
  CHECK(has(kcicd::test::validateFlow(syncFlow, KestraVersion::V2_0), "s.auth: must not be null"));
  auto withAuth = kcicd::test::validateFlow(syncFlow + "    auth:\n      auto: true\n", KestraVersion::V1_3);
  CHECK(has(withAuth, "Unrecognized field \"auth\" (class io.kestra.plugin.git.SyncFlow)"));
  // Push is deprecated in favour of PushFlows and PushNamespaceFiles: still valid, with a deprecation warning.
  auto push = kcicd::test::validateFlow(header +
                                            "  - id: p\n    type: io.kestra.plugin.git.Push\n    branch: main\n"
                                            "    commitMessage: backup\n",
                                        KestraVersion::V1_3);
  INFO(lines(push));
  CHECK(push.valid());
  CHECK(push.documents[0].uncheckedTypes.empty());
  bool deprecated = false;
  for (const auto& w : push.documents[0].warnings) deprecated = deprecated || w.message.find("deprecated") != std::string::npos;
  CHECK(deprecated);
}

TEST_CASE("git.Push is checked under 1.3 only: kestra-migrate lists it as refused by 2.0, plugin-git 3.0.0 still ships it",
          "[catalog][plugins]") {
  const PluginCase push = {
      "io.kestra.plugin.git.Push", false,
       "    namespaceFiles:\n      enabled: true\n    flows:\n      enabled: true\n      childNamespaces: false\n"
       "    url: https://github.com/acme/backup\n    branch: backup\n    commitMessage: backup {{ now() }}\n"
       "    author:\n      name: Kestra Bot\n      email: bot@acme.io\n    addFilesPattern: [\".\"]\n",
       "addFilesPatern", "addFilesPattern", nullptr};
  auto valid = kcicd::test::validateFlow(validFlow(push, KestraVersion::V1_3), KestraVersion::V1_3);
  INFO(lines(valid));
  CHECK(valid.valid());
  auto typo = kcicd::test::validateFlow(flowWith(push, "    addFilesPatern: [\".\"]\n"), KestraVersion::V1_3);
  INFO(lines(typo));
  CHECK(has(typo, "Unrecognized field \"addFilesPatern\" (class io.kestra.plugin.git.Push), not marked as ignorable"));
  CHECK(has(typo, "[hint: did you mean \"addFilesPattern\"?]"));
  for (KestraVersion version : {KestraVersion::V0_21, KestraVersion::V2_0}) {
    auto report = kcicd::test::validateFlow(flowWith(push, "    addFilesPatern: [\".\"]\n"), version);
    INFO(toString(version) << "\n" << lines(report));
    CHECK(report.valid());
    CHECK(report.documents[0].uncheckedTypes == std::vector<std::string>{"io.kestra.plugin.git.Push"});
  }
}
