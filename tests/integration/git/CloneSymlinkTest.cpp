// A checkout into a directory that already holds files (Kestra's working directory) does not write
// through a symbolic link planted on one of the repository's paths.
#include <catch2/catch_test_macros.hpp>

#include "CloneSupport.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

TEST_CASE("checkout: a symbolic link in the directory on a repository path is refused", "[git][symlink]") {
  TempDir tmp;
  for (const auto& dir : {tmp / "wd", tmp / "outside"}) fs::create_directories(dir);
  TestRepo repo(tmp.path(), "repo");
  fs::create_directory_symlink(tmp / "outside", tmp / "wd" / "flows");  // the repository has flows/hello.yml
  RunOptions o;
  o.cwd = tmp / "wd";
  o.env = {{"WORKING_DIR", (tmp / "wd").string()}};
  o.unsetEnv = {"KESTRA_CICD_FRAMES"};
  auto r = runCli({"git", "clone", "file://" + repo.bare.string()}, o);
  INFO("exit " << r.exitCode << "\n" << r.out << r.err);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("symbolic link at 'flows'") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "outside" / "hello.yml"));
  CHECK(fs::is_symlink(tmp / "wd" / "flows"));  // the user's own link is left alone

  fs::remove(tmp / "wd" / "flows");
  auto ok = runCli({"git", "clone", "file://" + repo.bare.string()}, o);
  CHECK(ok.exitCode == 0);
  CHECK(fs::exists(tmp / "wd" / "flows" / "hello.yml"));
}
