#include <catch2/catch_test_macros.hpp>

#include "Process.h"
#include "flow/FlowFiles.h"
#include "runtime/Errors.h"

using namespace kcicd;
using kcicd::test::TempDir;
using kcicd::test::writeFile;
namespace fs = std::filesystem;

TEST_CASE("flow files are collected recursively, filtered by extension and sorted", "[files]") {
  TempDir dir;
  writeFile(dir / "b.yml", "x");
  writeFile(dir / "a.yaml", "x");
  writeFile(dir / "sub/c.yml", "x");
  writeFile(dir / ".hidden/d.yml", "x");
  writeFile(dir / "e.YML", "x");       // case-sensitive, like Kestra
  writeFile(dir / "notes.txt", "x");
  writeFile(dir / ".git/config.yml", "x");
  auto files = flow::collectFlowFiles({dir.path()});
  std::vector<fs::path> expected{dir / ".hidden/d.yml", dir / "a.yaml", dir / "b.yml", dir / "sub/c.yml"};
  CHECK(files == expected);
}

TEST_CASE("a file path is taken as is; duplicates across paths are removed", "[files]") {
  TempDir dir;
  writeFile(dir / "one.yml", "x");
  auto files = flow::collectFlowFiles({dir / "one.yml", dir.path()});
  CHECK(files.size() == 1);
}

TEST_CASE("symlinked files are followed, symlinked folders are not, loops end", "[files]") {
  TempDir dir;
  writeFile(dir / "real/f.yml", "x");
  fs::create_directory_symlink(dir / "real", dir / "link-dir");
  fs::create_symlink(dir / "real/f.yml", dir / "link.yml");
  fs::create_directory_symlink(dir.path(), dir / "real/loop");
  auto files = flow::collectFlowFiles({dir.path()});
  std::vector<fs::path> expected{dir / "link.yml", dir / "real/f.yml"};
  CHECK(files == expected);
}

TEST_CASE("no flow found and missing paths are reported", "[files]") {
  TempDir dir;
  writeFile(dir / "readme.md", "x");
  try {
    flow::collectFlowFiles({dir.path()});
    FAIL("expected an error");
  } catch (const CommandError& e) {
    CHECK(e.code() == ExitCode::Failure);
    CHECK(std::string(e.what()) == "No flow found in '" + dir.path().string() + "'");
  }
  CHECK_THROWS_AS(flow::collectFlowFiles({dir / "missing"}), UsageError);
}

TEST_CASE("the file limit is enforced", "[files]") {
  TempDir dir;
  for (int i = 0; i < 5; ++i) writeFile(dir / ("f" + std::to_string(i) + ".yml"), "x");
  CHECK_THROWS_AS(flow::collectFlowFiles({dir.path()}, 3), UsageError);
  CHECK(flow::collectFlowFiles({dir.path()}, 5).size() == 5);
}
