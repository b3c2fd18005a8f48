// `namespace files update` against the fake Kestra of each modelled version (tests/fake-kestra, modelled on
// NamespaceFileController): the server's files are compared before and after each run, byte for byte.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <filesystem>
#include <map>

#include "KestraServers.h"

using namespace kcicd::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kBinary("\x00\x01PK\x03\x04\xff\xfe\x00\r\n\x00end", 15);

// The requests that write (method and path?query), in order.
std::vector<std::string> writes(FakeKestra& fake) {
  std::vector<std::string> out;
  for (const auto& r : fake.requests())
    if (r["method"] != "GET") out.push_back(r["method"].get<std::string>() + " " + r["path"].get<std::string>() +
                                            r["query"].get<std::string>());
  return out;
}

struct Files {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  FakeKestra fake{{"--kestra", version}};
  TempDir dir;

  ProcessResult run(std::vector<std::string> args) {
    std::vector<std::string> all{"namespace", "files", "update", "prod", (dir / "src").string()};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--server", fake.url()});
    return runCli(all, cliOptions(basicAuthEnv()));
  }
};

}  // namespace

TEST_CASE("namespace files update uploads a folder byte for byte, then sends nothing unchanged",
          "[kestra][namespace-files]") {
  Files f;
  INFO("Kestra " << f.version);
  writeFile(f.dir / "src/main.py", "print('hi')\n");
  writeFile(f.dir / "src/lib/data.bin", kBinary);
  writeFile(f.dir / "src/.config/settings", "hidden=yes\n");  // dot-files are sent, like the JVM CLI
  writeFile(f.dir / "src/archive.zip", "PK not really a zip");  // stored as is, never unpacked
  writeFile(f.dir / "src/.kestraignore", "# Kestra's ignore file, not sent itself\n*.log\nbuild/\n");
  writeFile(f.dir / "src/debug.log", "ignored\n");
  writeFile(f.dir / "src/build/out.o", "ignored\n");

  auto r = f.run({"scripts"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  std::map<std::string, std::string> expected{{"/scripts/main.py", "print('hi')\n"},
                                              {"/scripts/lib/data.bin", kBinary},
                                              {"/scripts/.config/settings", "hidden=yes\n"},
                                              {"/scripts/archive.zip", "PK not really a zip"}};
  CHECK(f.fake.files("prod") == expected);
  CHECK(has(r.out, "4 file(s) of namespace 'prod' under '/scripts/' successfully updated!\n"));
  CHECK(has(r.out, "- /scripts/lib/data.bin (created)\n"));
  for (const auto& req : f.fake.requests())
    if (req["method"] == "POST") CHECK_FALSE(req.value("partFilename", "").ends_with(".zip"));

  f.fake.reset();
  f.fake.seedFile("prod", "/scripts/main.py", "print('hi')\n");
  f.fake.seedFile("prod", "/scripts/lib/data.bin", kBinary);
  f.fake.seedFile("prod", "/scripts/.config/settings", "hidden=no!\n");  // same size, other bytes
  f.fake.seedFile("prod", "/scripts/archive.zip", "PK not really a zip");
  auto again = f.run({"scripts", "--format", "json"});
  REQUIRE(again.exitCode == 0);
  auto doc = json::parse(again.out);
  CHECK(doc["unchanged"] == 3);
  CHECK(doc["updatedFiles"] == json::array({"/scripts/.config/settings"}));
  CHECK(writes(f.fake) == std::vector<std::string>{"POST /api/v1/main/namespaces/prod/files?path=%2Fscripts%2F.config%2Fsettings"});
  CHECK(f.fake.files("prod")["/scripts/.config/settings"] == "hidden=yes\n");
}

TEST_CASE("namespace files update --delete deletes only the server files under <to> that the folder lacks",
          "[kestra][namespace-files]") {
  Files f;
  INFO("Kestra " << f.version);
  writeFile(f.dir / "src/keep.txt", "keep\n");
  f.fake.seedFile("prod", "/scripts/keep.txt", "old\n");
  f.fake.seedFile("prod", "/scripts/gone/old.sql", "select 1;\n");
  f.fake.seedFile("prod", "/other/outside.txt", "not under <to>\n");

  SECTION("without --delete nothing is deleted") {
    REQUIRE(f.run({"/scripts/"}).exitCode == 0);
    CHECK(f.fake.files("prod").count("/scripts/gone/old.sql") == 1);
  }
  SECTION("with --delete") {
    auto r = f.run({"/scripts/", "--delete"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    std::map<std::string, std::string> expected{{"/scripts/keep.txt", "keep\n"}, {"/other/outside.txt", "not under <to>\n"}};
    CHECK(f.fake.files("prod") == expected);
    CHECK(has(r.out, "- /scripts/gone/old.sql (deleted)\n"));
  }
}

TEST_CASE("namespace files update --dry-run shows every change and writes nothing", "[kestra][namespace-files]") {
  Files f;
  INFO("Kestra " << f.version);
  writeFile(f.dir / "src/new.txt", "new\n");
  writeFile(f.dir / "src/same.txt", "same\n");
  writeFile(f.dir / "src/changed.txt", "changed, longer\n");
  f.fake.seedFile("prod", "/same.txt", "same\n");
  f.fake.seedFile("prod", "/changed.txt", "changed\n");
  f.fake.seedFile("prod", "/stale.txt", "stale\n");
  auto before = f.fake.files("prod");

  auto r = f.run({"--dry-run", "--delete"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.out == "UPDATED /changed.txt\nADDED /new.txt\nUNCHANGED /same.txt\nDELETED /stale.txt\n"
                 "Dry run for the files of namespace 'prod' under '/': 1 added, 1 updated, 1 unchanged, 1 deleted; "
                 "nothing was written.\n");
  CHECK(f.fake.files("prod") == before);
  CHECK(writes(f.fake).empty());
}

TEST_CASE("namespace files update refuses a link leading out of the folder and sends nothing",
          "[kestra][namespace-files]") {
  Files f;
  INFO("Kestra " << f.version);
  writeFile(f.dir / "src/ok.txt", "ok\n");
  writeFile(f.dir / "secret.env", "TOKEN=1\n");
  writeFile(f.dir / "src/inside-target.txt", "inside\n");
  fs::create_symlink(f.dir / "secret.env", f.dir / "src/escape.env");
  fs::create_symlink("inside-target.txt", f.dir / "src/inside-link.txt");  // inside: followed, like Kestra

  auto r = f.run({});
  CHECK(r.exitCode == 1);
  CHECK(has(r.err, (f.dir / "src/escape.env").string() + "' is a link to '"));
  CHECK(has(r.err, "nothing was sent"));
  CHECK(f.fake.requests().empty());

  fs::remove(f.dir / "src/escape.env");
  REQUIRE(f.run({}).exitCode == 0);
  CHECK(f.fake.files("prod")["/inside-link.txt"] == "inside\n");
}

TEST_CASE("namespace files update rolls back every file when an upload fails midway", "[kestra][namespace-files]") {
  Files f;
  INFO("Kestra " << f.version);
  for (int i = 0; i < 6; ++i) writeFile(f.dir / ("src/f" + std::to_string(i) + ".txt"), "new " + std::to_string(i) + "\n");
  f.fake.seedFile("prod", "/f0.txt", "old 0, another size\n");
  f.fake.seedFile("prod", "/f1.txt", kBinary);
  f.fake.seedFile("prod", "/stale.txt", "stale\n");
  auto before = f.fake.files("prod");
  f.fake.setFault("error-500", 1, "POST", 3, "/namespaces/prod/files");  // the fourth upload fails

  SECTION("rolled back") {
    auto r = f.run({"--delete", "--parallel", "2"});
    CHECK(r.exitCode == 3);
    CHECK(has(r.err, "failed: POST "));
    CHECK(has(r.err, "rolled back: every file is as it was before this run"));
    f.fake.setFault("none");
    CHECK(f.fake.files("prod") == before);
  }
  SECTION("--no-rollback leaves what was written") {
    auto r = f.run({"--delete", "--no-rollback", "--parallel", "1"});
    CHECK(r.exitCode == 3);
    CHECK(has(r.err, "not rolled back (--no-rollback)"));
    CHECK(f.fake.files("prod") != before);
    CHECK(f.fake.files("prod").count("/stale.txt") == 1);  // deletions wait for every upload
  }
}

TEST_CASE("namespace files update writes under the tenant given", "[kestra][namespace-files]") {
  std::string version = GENERATE(as<std::string>{}, "1.3", "2.0");
  FakeKestra fake{{"--kestra", version, "--tenant", "acme"}};
  TempDir dir;
  writeFile(dir / "src/a.txt", "a\n");
  auto r = runCli({"namespace", "files", "update", "prod", (dir / "src").string(), "--server", fake.url(),
                   "--tenant", "acme"},
                  cliOptions(basicAuthEnv()));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(fake.files("prod", "acme") == std::map<std::string, std::string>{{"/a.txt", "a\n"}});
  CHECK(fake.files("prod", "main").empty());
  for (const auto& req : fake.requests()) CHECK(req["path"].get<std::string>().rfind("/api/v1/acme/namespaces/prod/files", 0) == 0);

  auto unknown = runCli({"namespace", "files", "update", "prod", (dir / "src").string(), "--server", fake.url(),
                         "--tenant", "nope"},
                        cliOptions(basicAuthEnv()));
  CHECK(unknown.exitCode == 3);
  CHECK(has(unknown.err, "HTTP 404"));
}
