// The GitHub Action as GitHub runs it: scripts/action.sh with its inputs as INPUT_<NAME> variables, a
// GITHUB_OUTPUT file and the workspace as working directory, against the fake Kestra (1.3 and 2.0). The
// binary is reached through a wrapper (KESTRA_CICD_BIN) that records every argv it gets, NUL-separated,
// so a test sees exactly what `ps` would show and that a hostile input arrives as one argument.
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
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kScript = std::string(KCICD_SOURCE_DIR) + "/scripts/action.sh";

// One run of the action: a workspace, the inputs, the GITHUB_OUTPUT file, the recorded argvs.
struct Action {
  TempDir dir;
  std::map<std::string, std::string> inputs;

  Action() {
    fs::create_directories(dir / "workspace");
    writeFile(dir / "bin/kestra-cicd",
              "#!/bin/sh\n{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; printf '\\n'; } >>\"$ARGV_LOG\"\n"
              "exec \"$REAL_BIN\" \"$@\"\n");
    fs::permissions(dir / "bin/kestra-cicd", fs::perms::owner_all);
  }
  fs::path workspace() const { return dir / "workspace"; }

  ProcessResult run() {
    std::map<std::string, std::string> env{{"GITHUB_OUTPUT", (dir / "github_output").string()},
                                           {"KESTRA_CICD_BIN", (dir / "bin/kestra-cicd").string()},
                                           {"REAL_BIN", KCICD_BINARY},
                                           {"ARGV_LOG", (dir / "argv.log").string()}};
    for (const auto& [name, value] : inputs) env["INPUT_" + name] = value;
    auto options = cliOptions(env);
    options.unsetEnv.push_back("KESTRA_CICD_FRAMES");  // the script sets it itself
    options.cwd = workspace();
    writeFile(dir / "github_output", "");
    writeFile(dir / "argv.log", "");
    return kcicd::test::run({"sh", kScript}, options);
  }

  // name → value of every `name<<delimiter` entry GitHub would read from GITHUB_OUTPUT.
  std::map<std::string, std::string> outputs() const {
    std::map<std::string, std::string> out;
    std::string text = readFile(dir / "github_output");
    std::size_t at = 0;
    while (at < text.size()) {
      auto eol = text.find('\n', at);
      std::string line = text.substr(at, eol - at);
      auto mark = line.find("<<");
      REQUIRE(mark != std::string::npos);
      std::string end = "\n" + line.substr(mark + 2) + "\n";
      auto close = text.find(end, eol);
      REQUIRE(close != std::string::npos);
      out[line.substr(0, mark)] = text.substr(eol + 1, close - eol - 1);
      at = close + end.size();
    }
    return out;
  }

  // Every argv the binary was started with.
  std::vector<std::vector<std::string>> argvs() const {
    std::vector<std::vector<std::string>> out;
    std::string text = readFile(dir / "argv.log");
    std::vector<std::string> current;
    std::string arg;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\0') {
        current.push_back(arg);
        arg.clear();
      } else if (text[i] == '\n' && arg.empty()) {
        out.push_back(current);
        current.clear();
      } else {
        arg += text[i];
      }
    }
    return out;
  }
  std::string argvText() const { return readFile(dir / "argv.log"); }
};

const std::string kInvalidFlow =
    "id: broken\nnamespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    mesage: typo\n";

}  // namespace

TEST_CASE("validate-action's inputs without a server validate offline, with annotations on the file",
          "[action]") {
  Action a;
  writeFile(a.workspace() / "flows/good.yml", flowYaml("prod", "good"));
  writeFile(a.workspace() / "flows/broken.yml", kInvalidFlow);
  a.inputs = {{"DIRECTORY", "./flows"}, {"RESOURCE", "flow"}};
  auto r = a.run();
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  CHECK(std::regex_search(r.out, std::regex("(^|\n)::error file=flows/broken\\.yml,line=6,col=\\d+[^\n]*::")));
  auto outputs = a.outputs();
  CHECK(outputs["valid"] == "false");
  CHECK(outputs["success"] == "false");
  CHECK(outputs["exit_code"] == "1");

  fs::remove(a.workspace() / "flows/broken.yml");
  auto ok = a.run();
  INFO(ok.out << ok.err);
  CHECK(ok.exitCode == 0);
  CHECK(a.outputs()["valid"] == "true");
}

TEST_CASE("deploy-action's inputs update the namespace on the server, credentials only in the environment",
          "[action]") {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  INFO("Kestra " << version);
  FakeKestra fake{{"--kestra", version}};
  fake.seed("prod", flowYaml("prod", "old"));
  Action a;
  writeFile(a.workspace() / "kestra/flows/prod/a.yml", flowYaml("prod", "a"));
  writeFile(a.workspace() / "kestra/flows/prod/b.yml", flowYaml("prod", "b"));
  a.inputs = {{"NAMESPACE", "prod"},   {"DIRECTORY", "./kestra/flows/prod"}, {"RESOURCE", "flow"},
              {"SERVER", fake.url()},  {"USER", kUser},                       {"PASSWORD", kPassword},
              {"DELETE", "false"}};
  REQUIRE(liveFlows(fake).size() == 1);

  auto r = a.run();
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  auto held = liveFlows(fake);
  CHECK(held == std::map<std::string, std::string>{{"prod.a", flowYaml("prod", "a")},
                                                   {"prod.b", flowYaml("prod", "b")},
                                                   {"prod.old", flowYaml("prod", "old")}});
  auto outputs = a.outputs();
  CHECK(outputs["success"] == "true");
  CHECK(outputs["valid"] == "true");
  auto result = json::parse(outputs["result"]);
  CHECK(result["created"] == 2);
  CHECK(result["namespace"] == "prod");
  CHECK(result["dryRun"] == false);

  // The password is in no argv, no output and no log line; basic auth went over the wire.
  for (const auto& text : {r.out, r.err, readFile(a.dir / "github_output"), a.argvText()}) {
    CHECK_FALSE(has(text, kPassword));
  }
  auto argvs = a.argvs();
  REQUIRE(argvs.size() == 2);  // flow validate, then flow namespace update
  CHECK(argvs[0][0] == "flow");
  CHECK(argvs[0][1] == "validate");
  CHECK(argvs[1] == std::vector<std::string>{"flow", "namespace", "update", "--no-delete", "--format", "json", "--",
                                             "prod", "kestra/flows/prod"});

  SECTION("delete: true removes what the folder lacks") {
    a.inputs["DELETE"] = "true";
    auto d = a.run();
    INFO(d.out << d.err);
    REQUIRE(d.exitCode == 0);
    CHECK(liveFlows(fake).count("prod.old") == 0);
    CHECK(json::parse(a.outputs()["result"])["deleted"] == 1);
  }
  SECTION("dry_run: true writes nothing and reports the plan") {
    a.inputs["DELETE"] = "true";
    a.inputs["DRY_RUN"] = "true";
    writeFile(a.workspace() / "kestra/flows/prod/a.yml", flowYaml("prod", "a", "changed"));
    auto d = a.run();
    INFO(d.out << d.err);
    REQUIRE(d.exitCode == 0);
    CHECK(liveFlows(fake) == held);
    auto plan = json::parse(a.outputs()["result"]);
    CHECK(plan["dryRun"] == true);
    CHECK(plan["updated"] == 1);
    CHECK(plan["deleted"] == 1);
  }
  SECTION("an API token is sent from the environment too") {
    a.inputs.erase("USER");
    a.inputs.erase("PASSWORD");
    a.inputs["APITOKEN"] = kToken;
    std::size_t before = fake.requests().size();
    auto t = a.run();
    INFO(t.out << t.err);
    CHECK(t.exitCode == 0);
    for (const auto& text : {t.out, t.err, readFile(a.dir / "github_output"), a.argvText()}) {
      CHECK_FALSE(has(text, kToken));
    }
    bool bearer = false, basic = false;  // the fake logs the scheme of each request's Authorization
    auto requests = fake.requests();
    for (std::size_t i = before; i < requests.size(); ++i) {
      bearer = bearer || requests[i].value("authorization", "") == "Bearer";
      basic = basic || requests[i].value("authorization", "") == "Basic";
    }
    CHECK(bearer);
    CHECK_FALSE(basic);
  }
}

TEST_CASE("an invalid flow stops the deploy before any write, with its annotation", "[action]") {
  FakeKestra fake{{"--kestra", "2.0"}};
  Action a;
  writeFile(a.workspace() / "flows/a.yml", flowYaml("prod", "a"));
  writeFile(a.workspace() / "flows/broken.yml", kInvalidFlow);
  a.inputs = {{"NAMESPACE", "prod"}, {"DIRECTORY", "flows"}, {"SERVER", fake.url()}, {"USER", kUser},
              {"PASSWORD", kPassword}, {"LOCAL", "true"}};
  auto r = a.run();
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  CHECK(std::regex_search(r.out, std::regex("(^|\n)::error file=flows/broken\\.yml,line=6,")));
  CHECK(liveFlows(fake).empty());
  CHECK(a.outputs()["valid"] == "false");
  CHECK_FALSE(has(r.out + r.err, kPassword));
}

TEST_CASE("read_only add deploys the flows with the system.readOnly label", "[action]") {
  FakeKestra fake{{"--kestra", "2.0"}};
  Action a;
  writeFile(a.workspace() / "flows/prod/a.yml", flowYaml("prod", "a"));
  a.inputs = {{"NAMESPACE", "prod"}, {"DIRECTORY", "flows/prod"}, {"SERVER", fake.url()}, {"USER", kUser},
              {"PASSWORD", kPassword}, {"READ_ONLY", "add"}, {"KESTRA_VERSION", "2.0"}};
  auto r = a.run();
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  auto held = liveFlows(fake);
  REQUIRE(held.count("prod.a") == 1);
  CHECK(has(held["prod.a"], "system.readOnly"));
  CHECK(a.outputs()["success"] == "true");
  CHECK_FALSE(has(r.out + r.err + a.argvText(), kPassword));
}

TEST_CASE("hostile inputs arrive as one argument and run nothing", "[action]") {
  FakeKestra fake{{"--kestra", "2.0"}};
  Action a;
  const std::string folder = "it's \"$(touch pwned)\" `touch pwned2` ; $HOME";
  writeFile(a.workspace() / folder / "a.yml", flowYaml("prod", "a"));
  a.inputs = {{"NAMESPACE", "prod"}, {"DIRECTORY", folder}, {"SERVER", fake.url()}, {"USER", kUser},
              {"PASSWORD", kPassword}};
  auto r = a.run();
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  CHECK(liveFlows(fake).count("prod.a") == 1);
  auto argvs = a.argvs();
  REQUIRE_FALSE(argvs.empty());
  CHECK(argvs.back().back() == folder);
  CHECK_FALSE(fs::exists(a.workspace() / "pwned"));
  CHECK_FALSE(fs::exists(a.workspace() / "pwned2"));

  SECTION("a namespace holding a command substitution is refused by name") {
    a.inputs["NAMESPACE"] = "$(touch pwned)";
    auto n = a.run();
    CHECK(n.exitCode == 2);
    CHECK(has(n.err, "$(touch pwned)"));
    CHECK_FALSE(fs::exists(a.workspace() / "pwned"));
  }
  SECTION("a line break in a one-line input is refused, and cannot start a workflow command") {
    a.inputs["SERVER"] = fake.url() + "\n::add-mask::x";
    auto n = a.run();
    CHECK(n.exitCode == 2);
    CHECK(has(n.out, "::error::input 'server' must be one line\n"));
    CHECK_FALSE(has(n.out, "\n::add-mask::"));
  }
  SECTION("a directory with a line break is still one argument") {
    const std::string multi = "two\nlines";
    writeFile(a.workspace() / multi / "b.yml", flowYaml("prod", "b"));
    a.inputs["DIRECTORY"] = multi;
    auto n = a.run();
    INFO(n.out << n.err);
    CHECK(n.exitCode == 0);
    CHECK(liveFlows(fake).count("prod.b") == 1);
    CHECK(a.argvs().back().back() == multi);
  }
}

TEST_CASE("a bad input is an ::error:: naming it, with exit 2 and nothing sent", "[action]") {
  FakeKestra fake{{"--kestra", "2.0"}};
  Action a;
  writeFile(a.workspace() / "flows/a.yml", flowYaml("prod", "a"));
  std::map<std::string, std::string> base{{"NAMESPACE", "prod"}, {"DIRECTORY", "flows"}, {"SERVER", fake.url()}};
  struct Case {
    std::string name, value, message;
  };
  for (const auto& c : std::vector<Case>{
           {"RESOURCE", "flows", "::error::input 'resource' must be flow or namespace_files, got 'flows'"},
           {"RESOURCE", "template", "::error::input 'resource': templates were removed from Kestra"},
           {"DELETE", "yes", "::error::input 'delete' must be true or false, got 'yes'"},
           {"DRY_RUN", "1", "::error::input 'dry_run' must be true or false, got '1'"},
           {"LOCAL", "on", "::error::input 'local' must be true or false, got 'on'"},
           {"READ_ONLY", "true", "::error::input 'read_only' must be off, require or add, got 'true'"},
           {"DIRECTORY", "missing", "::error::input 'directory': 'missing' is not a directory"},
           {"SERVER", "", "::error::input 'server' is required to deploy namespace 'prod'"},
           {"DELETE", "100%\r\n::warning::x", "::error::input 'delete' must be true or false, got '100%25%0D%0A::warning::x'"},
       }) {
    INFO(c.name << "=" << c.value);
    a.inputs = base;
    a.inputs[c.name] = c.value;
    auto r = a.run();
    CHECK(r.exitCode == 2);
    CHECK(has(r.out, c.message));
    CHECK(a.argvs().empty());
  }
  CHECK(fake.requests().empty());
}

// deploy-action with resource: namespace_files, on `namespace files update` (merged from branch nsfiles).
TEST_CASE("resource namespace_files uploads the folder under `to`", "[action][namespace-files]") {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  INFO("Kestra " << version);
  FakeKestra fake{{"--kestra", version}};
  Action a;
  writeFile(a.workspace() / "scripts/main.py", "print('hi')\n");
  a.inputs = {{"NAMESPACE", "prod"}, {"DIRECTORY", "scripts"}, {"RESOURCE", "namespace_files"}, {"TO", "/code"},
              {"SERVER", fake.url()}, {"USER", kUser},       {"PASSWORD", kPassword},          {"DELETE", "true"}};
  fake.seedFile("prod", "/code/stale.py", "old\n");
  fake.seedFile("prod", "/elsewhere.txt", "kept\n");
  auto r = a.run();
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  // delete: true removes what the folder lacks under `to` only.
  CHECK(fake.files("prod") == std::map<std::string, std::string>{{"/code/main.py", "print('hi')\n"},
                                                                 {"/elsewhere.txt", "kept\n"}});
  CHECK(a.argvs().back() == std::vector<std::string>{"namespace", "files", "update", "--delete", "--format", "json",
                                                      "--", "prod", "scripts", "/code"});
  CHECK(a.outputs()["success"] == "true");
  auto result = json::parse(a.outputs()["result"]);
  CHECK(result["created"] == 1);
  CHECK(result["deleted"] == 1);
  CHECK_FALSE(has(r.out + r.err + a.argvText(), kPassword));
}

TEST_CASE("action.yml declares exactly the inputs scripts/action.sh reads and the outputs it writes", "[action]") {
  YAML::Node action = YAML::LoadFile(std::string(KCICD_SOURCE_DIR) + "/action.yml");
  std::set<std::string> declared;
  for (const auto& input : action["inputs"]) declared.insert(input.first.as<std::string>());
  // GitHub upper-cases an input's name into INPUT_<NAME>.
  std::set<std::string> declaredEnv;
  for (auto name : declared) {
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    declaredEnv.insert("INPUT_" + name);
  }
  std::string script = readFile(KCICD_SOURCE_DIR "/scripts/action.sh");
  std::set<std::string> read;
  std::regex direct("INPUT_([A-Z0-9_]+)"), viaHelper(R"((?:\n|[;(] *)(?:input|boolean [a-z_]+) ([A-Z0-9_]+))");
  for (std::sregex_iterator it(script.begin(), script.end(), direct), end; it != end; ++it)
    if ((*it)[1] != "NAME") read.insert("INPUT_" + (*it)[1].str());
  for (std::sregex_iterator it(script.begin(), script.end(), viaHelper), end; it != end; ++it)
    read.insert("INPUT_" + (*it)[1].str());
  CHECK(read == declaredEnv);

  // Every output the script writes is declared, and every declared output is written somewhere.
  std::set<std::string> outputs, written;
  for (const auto& o : action["outputs"]) outputs.insert(o.first.as<std::string>());
  std::regex write(R"((?:\n|;|\{|then|else)\s*output ([a-z_]+) )");
  for (std::sregex_iterator it(script.begin(), script.end(), write), end; it != end; ++it) written.insert((*it)[1]);
  CHECK(written == outputs);

  // The inputs of kestra-io/deploy-action and validate-action are all there, under their names.
  for (const char* name : {"namespace", "directory", "resource", "to", "server", "user", "password", "apiToken",
                           "tenant", "delete"})
    CHECK(declared.count(name) == 1);
  CHECK(action["runs"]["using"].as<std::string>() == "docker");
  CHECK(action["runs"]["image"].as<std::string>().rfind("docker://ghcr.io/", 0) == 0);
  CHECK(action["runs"]["entrypoint"].as<std::string>() == "/usr/local/share/kestra-cicd/action.sh");
}
