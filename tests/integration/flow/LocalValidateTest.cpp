// `kestra-cicd flow validate … --local` end to end: every bad-input case (a clear per-file error, exit 1,
// the other files still validated, bounded memory), the output formats, frames, threads and exit codes.
#include <catch2/catch_test_macros.hpp>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

#include "Process.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {

const char* kValidFlow =
    "id: ok\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

// Peak RSS of a run that does nothing (the binary's footprint, and this process's, which a forked child
// starts with): a run that refuses its input stays within a few MB of it.
long baselineKb() {
  static const long kb = runCli({"--version"}).peakRssKb;
  return kb;
}

void checkBoundedMemory(const ProcessResult& r) {
  INFO("peak RSS " << r.peakRssKb / 1024 << " MB, baseline " << baselineKb() / 1024 << " MB");
  CHECK(r.peakRssKb > 0);
  CHECK(r.peakRssKb < baselineKb() + 32 * 1024);
}

RunOptions inDirectory(const std::filesystem::path& dir) {
  RunOptions options;
  options.cwd = dir;
  return options;
}

RunOptions withEnv(const std::string& name, const std::string& value) {
  RunOptions options;
  options.env[name] = value;
  return options;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// A directory with the bad file and a valid flow; runs the CLI on the directory.
struct BadInput {
  TempDir dir;
  ProcessResult result;

  explicit BadInput(const std::string& name, const std::string& content) {
    writeFile(dir / name, content);
    writeFile(dir / "ok.yml", kValidFlow);
  }
  void run() { result = runCli({"flow", "validate", dir.path().string(), "--local"}, inDirectory(dir.path())); }
};

void checkBadInput(BadInput& input, const std::string& file, const std::string& message) {
  input.run();
  INFO("stdout: " << input.result.out << "\nstderr: " << input.result.err);
  CHECK(input.result.exitCode == 1);
  CHECK(contains(input.result.err, "\u2718 - " + (input.dir / file).string()));
  CHECK(contains(input.result.err, "\tUnable to parse flow due to the following error(s):"));
  CHECK(contains(input.result.err, message));
  CHECK(contains(input.result.out, "\u2713 - company.team.ok"));  // the other file is still validated
  checkBoundedMemory(input.result);
}

// The same input refused under a small configured limit: exit 1, the flag named, bounded memory.
void checkSmallLimit(BadInput& input, const std::string& file, const std::vector<std::string>& limit,
                     const std::string& message) {
  std::vector<std::string> args{"flow", "validate", (input.dir / file).string(), "--local"};
  args.insert(args.end(), limit.begin(), limit.end());
  auto r = runCli(args);
  INFO("stderr: " << r.err);
  CHECK(r.exitCode == 1);
  CHECK(contains(r.err, message));
  checkBoundedMemory(r);
}

}  // namespace

TEST_CASE("an empty file", "[flow][bad-input]") {
  BadInput input("empty.yml", "");
  checkBadInput(input, "empty.yml", "\t- empty file: there is no flow to validate : yaml (");
}

TEST_CASE("a binary file", "[flow][bad-input]") {
  BadInput input("binary.yml", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12));
  checkBadInput(input, "binary.yml", "binary file (NUL byte at offset 7): not a YAML flow");
}

TEST_CASE("a file that is not UTF-8", "[flow][bad-input]") {
  BadInput input("latin1.yml", "id: caf\xE9\nnamespace: company.team\n");
  checkBadInput(input, "latin1.yml", "invalid UTF-8 (byte 0xE9): a flow must be UTF-8 encoded : yaml (");
  CHECK(contains(input.result.err, "latin1.yml:1:8)"));
}

TEST_CASE("a 100 MB file is refused before it is read", "[flow][bad-input]") {
  BadInput input("big.yml", "");
  {
    int fd = ::open((input.dir / "big.yml").c_str(), O_WRONLY | O_TRUNC);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, 100L * 1024 * 1024) == 0);
    ::close(fd);
  }
  checkBadInput(input, "big.yml", "file too large (104857600 bytes; the limit is 10485760 bytes, --max-file-size)");
  checkSmallLimit(input, "ok.yml", {"--max-file-size", "10B"}, "the limit is 10 bytes, --max-file-size)");
}

TEST_CASE("100,000 levels of nesting", "[flow][bad-input]") {
  BadInput input("deep.yml", "id: deep\nnamespace: company.team\nvariables:\n  v: " + std::string(100000, '[') +
                                 std::string(100000, ']') + "\n");
  checkBadInput(input, "deep.yml", "nesting deeper than 256 levels (limit: --max-depth) : yaml (");
  checkSmallLimit(input, "deep.yml", {"--max-depth", "5"}, "nesting deeper than 5 levels (limit: --max-depth) : yaml (");
  CHECK(contains(input.result.err, "deep.yml:4:"));
}

TEST_CASE("an alias bomb", "[flow][bad-input]") {
  std::string bomb = "id: bomb\nnamespace: company.team\nvariables:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (int i = 1; i <= 15; ++i) {
    std::string name = "l" + std::to_string(i);
    bomb += "  " + name + ": &" + name + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *" : "*") + previous;
    bomb += "]\n";
    previous = name;
  }
  BadInput input("bomb.yml", bomb);
  checkBadInput(input, "bomb.yml", "aliases expand to more than 100000 nodes (limit: --max-alias-nodes)");
  checkSmallLimit(input, "bomb.yml", {"--max-alias-nodes", "1000"},
                  "aliases expand to more than 1000 nodes (limit: --max-alias-nodes)");
}

TEST_CASE("tab indentation", "[flow][bad-input]") {
  BadInput input("tabs.yml", "id: tabs\nnamespace: company.team\ntasks:\n\t- id: hello\n");
  checkBadInput(input, "tabs.yml", "YAML parsing error: ");
  CHECK(contains(input.result.err, "tabs cannot be used for indentation in YAML; use spaces"));
  CHECK(contains(input.result.err, "tabs.yml:4:"));
}

TEST_CASE("a flow that is a list instead of a mapping", "[flow][bad-input]") {
  BadInput input("list.yml", "- id: a\n  namespace: company.team\n");
  checkBadInput(input, "list.yml", "a flow must be a YAML mapping (id, namespace, tasks\u2026), not a list : yaml (");
}

TEST_CASE("text output follows the Kestra CLI and adds positions", "[flow][format]") {
  TempDir dir;
  writeFile(dir / "a.yml", kValidFlow);
  writeFile(dir / "b.yml",
            "id: b\nnamespace: company.team\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    oops: 1\n");
  writeFile(dir / "c.yml", "id: c\nnamespace: company.team\ntasks:\n  - id: l\n    type: io.kestra.core.tasks.log.Log\n"
                           "    message: x\n  - id: e\n    type: io.kestra.plugin.core.debug.Echo\n    format: x\n");
  auto r = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", "1.3"});
  CHECK(r.exitCode == 1);
  CHECK(r.out == "\u2713 - company.team.ok\n"
                 "\u2713 - company.team.c\n"
                 "\u26a0 - tasks[1] is deprecated\n"
                 "\u2139 - io.kestra.core.tasks.log.Log is replaced by io.kestra.plugin.core.log.Log\n");
  CHECK(contains(r.err, "\u2718 - " + (dir / "b.yml").string() + "\n\tUnable to parse flow due to the following error(s):\n"
                        "\t- Unrecognized field \"oops\" (class io.kestra.plugin.core.debug.Return), not marked as ignorable ("));
  CHECK(contains(r.err, "]) : tasks[0].oops (" + (dir / "b.yml").string() + ":6:5)\n"));
  auto valid = runCli({"flow", "validate", (dir / "a.yml").string(), "--local"});
  CHECK(valid.exitCode == 0);
  CHECK(valid.err == "1 valid, 0 invalid flow(s) in 1 file(s)\n");  // stdout keeps the Kestra CLI's listing
  CHECK(runCli({"-q", "flow", "validate", (dir / "a.yml").string(), "--local"}).err.empty());
  // 2.0 (the default) refuses the alias and Echo; each error is followed by our migration hint.
  auto v2 = runCli({"flow", "validate", (dir / "c.yml").string(), "--local"});
  CHECK(v2.exitCode == 1);
  CHECK(contains(v2.err, "\t- Invalid type: io.kestra.plugin.core.debug.Echo : tasks[1] (" + (dir / "c.yml").string() +
                             ":8:11)\n\t  hint: Echo was removed in Kestra 2.0: use io.kestra.plugin.core.log.Log"));
  CHECK(contains(v2.err, "\t  hint: io.kestra.core.tasks.log.Log was renamed before Kestra 2.0 and 2.0 removed the old "
                         "name: use io.kestra.plugin.core.log.Log\n"));
}

TEST_CASE("json output: one object per document and a summary", "[flow][format]") {
  TempDir dir;
  writeFile(dir / "a.yml", kValidFlow);
  writeFile(dir / "multi.yml", std::string(kValidFlow) + "---\nid: two\nnamespace: company.team\ntasks: []\n");
  auto r = runCli({"flow", "validate", dir.path().string(), "--local", "--format", "json"});
  CHECK(r.exitCode == 1);
  json j = json::parse(r.out);
  CHECK(j["kestraVersion"] == "2.0");
  REQUIRE(j["documents"].size() == 3);
  const json& second = j["documents"][2];
  CHECK(second["file"] == (dir / "multi.yml").string());
  CHECK(second["document"] == 1);
  CHECK(second["line"] == 7);
  CHECK(second["namespace"] == "company.team");
  CHECK(second["id"] == "two");
  CHECK(second["valid"] == false);
  REQUIRE(second["errors"].size() == 1);
  CHECK(second["errors"][0] == json{{"message", "must not be empty"}, {"path", "tasks"}, {"pointer", "/tasks"},
                                    {"line", 10}, {"col", 8}});
  CHECK(j["summary"] == json{{"files", 2}, {"documents", 3}, {"valid", 2}, {"invalid", 1}, {"warnings", 0},
                             {"uncheckedTypes", 0}});
  for (const auto& d : j["documents"])
    for (const char* key : {"errors", "warnings", "infos", "uncheckedTypes"}) CHECK(d[key].is_array());
}

TEST_CASE("github output: workflow-command annotations", "[flow][format]") {
  TempDir dir;
  writeFile(dir / "bad.yml", "id: bad\nnamespace: company.team\ntasks:\n  - id: p\n    type: io.kestra.plugin.scripts.julia.Script\n"
                             "  - id: x\n    type: io.kestra.plugin.core.debug.Return\n    format: \"a,b: 100%\"\n    extra: 1\n");
  auto r = runCli({"flow", "validate", dir.path().string(), "--local", "--format", "github"}, inDirectory(dir.path()));
  CHECK(r.exitCode == 1);
  CHECK(contains(r.out, "::error file=" + (dir / "bad.yml").string() + ",line=9,col=5,title=Kestra flow company.team.bad::"
                        "Unrecognized field \"extra\""));
  CHECK(contains(r.out, "::notice title=kestra-cicd::not in the plugin catalog, properties not checked (1 flow(s)): "
                        "io.kestra.plugin.scripts.julia.Script"));
  CHECK(contains(r.out, "::notice title=kestra-cicd::0 valid, 1 invalid flow(s) in 1 file(s)"));
}

TEST_CASE("under Kestra: outputs and metrics frames", "[flow][frames]") {
  TempDir dir;
  writeFile(dir / "a.yml", kValidFlow);
  auto r = runCli({"flow", "validate", dir.path().string(), "--local"}, withEnv("WORKING_DIR", dir.path().string()));
  CHECK(r.exitCode == 0);
  CHECK(contains(r.out, "::{\"outputs\":{\"files\":1,\"documents\":1,\"valid\":1,\"invalid\":0,\"warnings\":0,\"uncheckedTypes\":0}}::"));
  CHECK(contains(r.out, "::{\"metrics\":[{\"name\":\"flows.valid\",\"type\":\"counter\",\"value\":1"));
  CHECK(contains(r.out, "::{\"metrics\":[{\"name\":\"flows.invalid\",\"type\":\"counter\",\"value\":0"));
  CHECK(contains(r.out, "::{\"metrics\":[{\"name\":\"flows.validate.duration\",\"type\":\"timer\""));
  auto plain = runCli({"flow", "validate", dir.path().string(), "--local", "--frames", "never"},
                      withEnv("WORKING_DIR", dir.path().string()));
  CHECK(!contains(plain.out, "::{"));
}

TEST_CASE("many files on several threads print in file order", "[flow][threads]") {
  TempDir dir;
  for (int i = 0; i < 60; ++i) {
    std::string id = "f" + std::to_string(100 + i);
    std::string body = "id: " + id + "\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n";
    writeFile(dir / (id + ".yml"), i % 7 == 0 ? body : body + "    message: x\n");
  }
  auto one = runCli({"flow", "validate", dir.path().string(), "--local", "--threads", "1"});
  auto two = runCli({"flow", "validate", dir.path().string(), "--local", "--threads", "2"});
  auto autoThreads = runCli({"flow", "validate", dir.path().string(), "--local"});
  CHECK(one.exitCode == 1);
  CHECK(one.out == two.out);
  CHECK(one.err == two.err);
  CHECK(one.out == autoThreads.out);
  CHECK(contains(one.out, "\u2713 - company.team.f101\n\u2713 - company.team.f102\n"));
}

TEST_CASE("the 0.21 target (--kestra-version 0.21) keeps the 0.x rules", "[flow][versions]") {
  TempDir dir;
  writeFile(dir / "old.yml", std::string(kValidFlow) +
                                 "listeners:\n  - tasks:\n      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x\n");
  auto v13 = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", "1.3"});
  CHECK(v13.exitCode == 1);
  CHECK(contains(v13.err, "Unrecognized field \"listeners\""));
  auto v021 = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", "0.21"});
  CHECK(v021.exitCode == 0);
  CHECK(contains(v021.out, "\u26a0 - listeners is deprecated"));
  auto bad = runCli({"flow", "validate", dir.path().string(), "--local", "--kestra-version", "3.0"});
  CHECK(bad.exitCode == 2);
}

TEST_CASE("exit codes: no flow found, missing path", "[flow][exit]") {
  TempDir dir;
  writeFile(dir / "readme.md", "x");
  auto none = runCli({"flow", "validate", dir.path().string(), "--local"});
  CHECK(none.exitCode == 1);
  CHECK(contains(none.err, "No flow found in '" + dir.path().string() + "'"));
  auto missing = runCli({"flow", "validate", (dir / "nope").string(), "--local"});
  CHECK(missing.exitCode == 2);
}

TEST_CASE("a plugin schema (--plugin-schema) checks tasks against the server's JSON schema", "[flow][plugin-schema]") {
  TempDir dir;
  writeFile(dir / "f.yml", "id: f\nnamespace: company.team\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n"
                           "    format:\n      not: a string\n");
  std::string schema = std::string(KCICD_SOURCE_DIR) + "/tests/data/plugin-schema/flow-schema.json";
  auto without = runCli({"flow", "validate", dir.path().string(), "--local"});
  CHECK(without.exitCode == 0);  // Return.format may be a Property in 1.x: the catalog alone accepts it
  auto with = runCli({"flow", "validate", dir.path().string(), "--local", "--plugin-schema", schema});
  INFO(with.err);
  CHECK(with.exitCode == 1);
  CHECK(contains(with.err, " : tasks[0].format (" + (dir / "f.yml").string() + ":7:7)"));
}

TEST_CASE("types outside the catalog are noted once per run, after the listing, with how many flows use them", "[cli][local]") {
  TempDir dir;
  for (const char* id : {"a", "b", "c"})
    writeFile(dir / (std::string(id) + ".yml"),
              std::string("id: ") + id + "\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.julia.Commands\n"
              "    commands: [\"true\"]\n  - id: p\n    type: io.kestra.plugin.scripts.julia.Script\n    script: print(1)\n");
  auto r = runCli({"flow", "validate", "--local", dir.path().string()});
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  const std::string note = "ℹ - not in the plugin catalog, properties not checked (3 flow(s)): "
                           "io.kestra.plugin.scripts.julia.Commands, io.kestra.plugin.scripts.julia.Script\n";
  CHECK(r.out.size() >= note.size());
  CHECK(r.out.substr(r.out.size() - note.size()) == note);  // the last line, printed once
  auto github = runCli({"flow", "validate", "--local", "--format", "github", dir.path().string()});
  std::size_t notices = 0;
  const std::string unchecked = "::notice title=kestra-cicd::not in the";
  for (std::size_t at = 0; (at = github.out.find(unchecked, at)) != std::string::npos; ++at) ++notices;
  CHECK(notices == 1);
}
