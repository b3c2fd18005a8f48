#include "pipeline/NamespaceFileTree.h"

#include <catch2/catch_test_macros.hpp>

#include "Process.h"
#include "runtime/Errors.h"

using namespace kcicd;
using namespace kcicd::pipeline;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> paths(const LocalNamespaceFiles& local) {
  std::vector<std::string> out;
  for (const auto& f : local.files) out.push_back(f.path);
  return out;
}

}  // namespace

TEST_CASE("normaliseTarget gives <to> a leading and a trailing slash, like the JVM CLI", "[namespace-files]") {
  CHECK(normaliseTarget("/") == "/");
  CHECK(normaliseTarget("") == "/");
  CHECK(normaliseTarget("scripts") == "/scripts/");
  CHECK(normaliseTarget("/a//b/") == "/a/b/");
  CHECK_THROWS_AS(normaliseTarget("a/../b"), UsageError);
  CHECK_THROWS_AS(normaliseTarget("./a"), UsageError);
}

TEST_CASE("remotePathProblem refuses what Kestra refuses or reads as a flow", "[namespace-files]") {
  CHECK(remotePathProblem("/scripts/a.py").empty());
  CHECK(remotePathProblem("/_flows/a.yml").find("/_flows") != std::string::npos);
  CHECK(remotePathProblem("/_flows") != "");
  CHECK(remotePathProblem("/x/_flows/a.yml").empty());  // only at the root
  CHECK(remotePathProblem("/" + std::string(255, 'a')).empty());
  CHECK(remotePathProblem("/d/" + std::string(256, 'a') + "/f") != "");
}

TEST_CASE("collectNamespaceFiles maps every file, dot-files included, to <to> + its relative path",
          "[namespace-files]") {
  test::TempDir dir;
  test::writeFile(dir / "src/a.txt", "a");
  test::writeFile(dir / "src/.env/x", "x");
  test::writeFile(dir / "src/sub/b.bin", std::string("b\0", 2));
  test::writeFile(dir / "src/.kestraignore", "\n# nothing ignored\n");
  test::writeFile(dir / "src/sub/.kestraignore", "a nested one is an ordinary file\n");
  auto local = collectNamespaceFiles(dir / "src", "to");
  CHECK(local.problems.empty());
  CHECK(paths(local) == std::vector<std::string>{"/to/.env/x", "/to/a.txt", "/to/sub/.kestraignore", "/to/sub/b.bin"});
  CHECK(local.files[3].size == 2);
}

TEST_CASE("collectNamespaceFiles refuses links out of the folder, and skips what .kestraignore names", "[namespace-files]") {
  test::TempDir dir;
  test::writeFile(dir / "outside.txt", "secret");
  test::writeFile(dir / "src/in.txt", "in");
  test::writeFile(dir / "src/_flows/f.yml", "id: f");
  fs::create_symlink(dir / "outside.txt", dir / "src/out-link");
  fs::create_symlink("in.txt", dir / "src/in-link");
  fs::create_symlink(dir / "src", dir / "src/loop");  // a linked folder is not descended
  auto local = collectNamespaceFiles(dir / "src", "/");
  CHECK(paths(local) == std::vector<std::string>{"/in-link", "/in.txt"});
  REQUIRE(local.problems.size() == 2);
  CHECK(local.problems[0].file != local.problems[1].file);
  bool linkNamed = false, flowsNamed = false;
  for (const auto& p : local.problems) {
    linkNamed |= p.file == (dir / "src/out-link").string() && p.message.find("outside") != std::string::npos;
    flowsNamed |= p.file == (dir / "src/_flows/f.yml").string();
  }
  CHECK(linkNamed);
  CHECK(flowsNamed);

  // Ignored entries are neither sent nor refused: the JVM CLI filtered them out before reading.
  test::writeFile(dir / "src/.kestraignore", "out-link\n_flows/\n*.log\n");
  test::writeFile(dir / "src/debug.log", "log");
  auto ignored = collectNamespaceFiles(dir / "src", "/");
  CHECK(ignored.problems.empty());
  CHECK(paths(ignored) == std::vector<std::string>{"/in-link", "/in.txt"});
  CHECK_THROWS_AS(collectNamespaceFiles(dir / "src/in.txt", "/"), UsageError);
}
