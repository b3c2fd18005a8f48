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

namespace {
// The message of the UnsafeFlowPath that collecting `root` throws ("" when none).
std::string refusal(const fs::path& root, const fs::path& boundary = {}) {
  try {
    flow::collectFlowFiles({root}, 100000, boundary);
  } catch (const flow::UnsafeFlowPath& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a flow file whose real path leaves the folder is refused, naming the link and its target", "[files]") {
  TempDir outside;
  writeFile(outside / "secret.yml", "id: secret");
  TempDir dir;
  writeFile(dir / "repo/flows/ok.yml", "id: ok");

  SECTION("a link to an absolute path outside") {
    fs::create_symlink(outside / "secret.yml", dir / "repo/flows/x.yml");
    auto message = refusal(dir / "repo/flows");
    CHECK(message.find("'" + (dir / "repo/flows/x.yml").string() + "' (a link to '" + (outside / "secret.yml").string() +
                       "')") != std::string::npos);
    CHECK(message.find("refused without reading it") != std::string::npos);
  }
  SECTION("a relative .. chain") {
    writeFile(dir / "elsewhere.yml", "id: elsewhere");
    fs::create_symlink("../../elsewhere.yml", dir / "repo/flows/x.yml");
    CHECK(refusal(dir / "repo/flows").find("outside") != std::string::npos);
  }
  SECTION("the process environment") {
    fs::create_symlink("/proc/self/environ", dir / "repo/flows/env.yml");
    CHECK(refusal(dir / "repo/flows").find("/proc/self/environ") != std::string::npos);
  }
  SECTION("a link loop") {
    fs::create_symlink(dir / "repo/flows/b.yml", dir / "repo/flows/a.yml");
    fs::create_symlink(dir / "repo/flows/a.yml", dir / "repo/flows/b.yml");
    CHECK(refusal(dir / "repo/flows").find("cannot be resolved") != std::string::npos);
  }
  SECTION("a link inside the folder is followed") {
    fs::create_symlink(dir / "repo/flows/ok.yml", dir / "repo/flows/alias.yml");
    CHECK(refusal(dir / "repo/flows").empty());
    CHECK(flow::collectFlowFiles({dir / "repo/flows"}).size() == 2);
  }
  SECTION("with a boundary, a link may point anywhere inside it, not beyond") {
    writeFile(dir / "repo/shared/common.yml", "id: common");
    fs::create_symlink(dir / "repo/shared/common.yml", dir / "repo/flows/common.yml");
    CHECK_FALSE(refusal(dir / "repo/flows").empty());        // outside the folder given
    CHECK(refusal(dir / "repo/flows", dir / "repo").empty());  // inside the repository
    fs::create_symlink(outside / "secret.yml", dir / "repo/flows/x.yml");
    CHECK_FALSE(refusal(dir / "repo/flows", dir / "repo").empty());
  }
}
