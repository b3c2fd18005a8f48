// deploy --check against the fake Kestra: the server compared with Git, nothing written, exit 4 on drift.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <nlohmann/json.hpp>

#include "KestraServers.h"
#include "Process.h"

using namespace kcicd::test;
using nlohmann::json;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("deploy --check names each drift, writes nothing and exits 4", "[deploy][drift]") {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  INFO("Kestra " << version);
  FakeKestra fake({"--kestra", version});
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flowYaml("prod", "a"));
  writeFile(dir / "flows/prod/b.yml", flowYaml("prod", "b"));
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  REQUIRE(runCli({"deploy", "--server", fake.url()}, options).exitCode == 0);

  auto clean = runCli({"deploy", "--check", "--server", fake.url()}, options);
  CHECK(clean.exitCode == 0);
  CHECK(has(clean.out, "the server matches Git (2 flow(s) checked)"));

  // Someone edits a in the UI and creates c there; Git gains d.
  fake.seed("prod", flowYaml("prod", "a", "edited in the UI"));
  fake.seed("prod", flowYaml("prod", "c"));
  writeFile(dir / "flows/prod/d.yml", flowYaml("prod", "d"));
  auto before = fake.state();
  auto requests = fake.requests().size();

  auto drift = runCli({"deploy", "--check", "--server", fake.url()}, options);
  INFO(drift.out << drift.err);
  CHECK(drift.exitCode == 4);
  CHECK(has(drift.out, "drift: prod.a on the server differs from flows/prod/a.yml\n"));
  CHECK(has(drift.out, "-    message: edited in the UI\n+    message: hello\n"));
  CHECK(has(drift.out, "drift: prod.d (flows/prod/d.yml) is missing on the server\n"));
  CHECK(has(drift.out, "drift: prod.c is on the server only (not counted: without --delete a deploy keeps it)\n"));
  CHECK(has(drift.out, "2 flow(s) or file(s) differ: the server does not match Git\n"));
  CHECK(fake.state() == before);
  auto all = fake.requests();
  for (std::size_t i = requests; i < all.size(); ++i) CHECK(all[i]["method"] == "GET");  // not even a validation

  auto withDelete = runCli({"deploy", "--check", "--delete", "--format", "json", "--server", fake.url()}, options);
  CHECK(withDelete.exitCode == 4);
  auto report = json::parse(withDelete.out);
  CHECK(report["inSync"] == false);
  std::map<std::string, std::pair<std::string, bool>> kinds;
  for (const auto& d : report["drift"]) kinds[d["id"]] = {d["kind"], d["counted"]};
  CHECK(kinds == std::map<std::string, std::pair<std::string, bool>>{
                     {"a", {"differs", true}}, {"c", {"extra", true}}, {"d", {"missing", true}}});

  // Only an extra flow, without --delete: shown, not drift.
  writeFile(dir / "flows/prod/a.yml", flowYaml("prod", "a", "edited in the UI"));
  std::filesystem::remove(dir / "flows/prod/d.yml");
  auto extraOnly = runCli({"deploy", "--check", "--server", fake.url()}, options);
  CHECK(extraOnly.exitCode == 0);
  CHECK(has(extraOnly.out, "drift: prod.c is on the server only"));
  CHECK(has(extraOnly.out, "the server matches Git"));
}

TEST_CASE("deploy --check compares the namespace files too", "[deploy][drift][namespace-files]") {
  FakeKestra fake;
  TempDir dir;
  writeFile(dir / "flows/prod/a.yml", flowYaml("prod", "a"));
  writeFile(dir / "files/prod/scripts/run.py", "print('a')\n");
  writeFile(dir / "files/prod/query.sql", "select 1;\n");
  auto options = cliOptions(basicAuthEnv());
  options.cwd = dir.path();
  REQUIRE(runCli({"deploy", "--server", fake.url()}, options).exitCode == 0);
  auto clean = runCli({"deploy", "--check", "--server", fake.url()}, options);
  CHECK(clean.exitCode == 0);

  fake.seedFile("prod", "/scripts/run.py", "print('edited on the server')\n");
  fake.seedFile("prod", "/extra.txt", "only there\n");
  std::filesystem::remove(dir / "files/prod/query.sql");
  writeFile(dir / "files/prod/new.txt", "new in Git\n");
  auto before = fake.files("prod");
  auto drift = runCli({"deploy", "--check", "--delete", "--server", fake.url()}, options);
  INFO(drift.out << drift.err);
  CHECK(drift.exitCode == 4);
  CHECK(has(drift.out, "drift: namespace file prod:/scripts/run.py on the server differs from files/prod/scripts/run.py\n"));
  CHECK(has(drift.out, "drift: namespace file prod:/new.txt (files/prod/new.txt) is missing on the server\n"));
  CHECK(has(drift.out, "drift: namespace file prod:/extra.txt is on the server only\n"));
  CHECK(has(drift.out, "drift: namespace file prod:/query.sql is on the server only\n"));
  CHECK(has(drift.out, "4 flow(s) or file(s) differ"));
  CHECK(fake.files("prod") == before);  // nothing written
}
