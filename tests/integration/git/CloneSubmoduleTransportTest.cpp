// A repository cloned from a remote may not pull the worker's own disk into the deploy through its
// submodules (git's protocol.file.allow=user): file://, local paths and ext:: URLs in .gitmodules are
// refused; relative URLs (../lib.git) resolve against the remote and stay allowed (CloneHttpTest).
#include <catch2/catch_test_macros.hpp>

#include "CloneSupport.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

TEST_CASE("submodules: a remote repository's local or ext:: submodule URLs are refused", "[git][http][submodule]") {
  TempDir tmp;
  for (const auto& dir : {tmp / "repos", tmp / "state", tmp / "wd", tmp / "disk"}) fs::create_directories(dir);
  TestRepo repo(tmp / "repos", "repo");
  TestRepo lib(tmp / "repos", "lib");
  auto local = tmp / "disk" / "private.git";  // on the worker's disk, not served, with the submodule's commits
  gitOut(tmp.path(), {"clone", "-q", "--bare", lib.bare.string(), local.string()});
  HttpGitServer server(tmp / "repos", tmp / "state");
  gitOut(repo.work, {"submodule", "add", "-q", "../lib.git", "vendor/lib"});
  RunOptions o;
  o.cwd = tmp / "wd";
  o.env = {{"GIT_USERNAME", server.user}, {"GIT_PASSWORD", server.password}, {"WORKING_DIR", (tmp / "wd").string()}};
  o.unsetEnv = {"KESTRA_CICD_FRAMES"};
  int n = 0;
  for (const std::string& url : {"file://" + local.string(), local.string(), std::string("ext::git %S /x")}) {
    gitOut(repo.work, {"config", "-f", ".gitmodules", "submodule.vendor/lib.url", url});
    gitOut(repo.work, {"add", ".gitmodules"});
    gitOut(repo.work, {"commit", "-q", "-m", "submodule URL " + url});
    gitOut(repo.work, {"push", "-q", "origin", "main"});
    std::string dir = "d" + std::to_string(++n);
    auto r = runCli({"git", "clone", server.url("repo"), "--directory", dir, "--submodules"}, o);
    INFO(url << ": exit " << r.exitCode << "\n" << r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("submodule 'vendor/lib'") != std::string::npos);
    CHECK(r.err.find(url) != std::string::npos);
    CHECK(r.err.find("refused") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "wd" / dir / "vendor" / "lib" / "README.md"));
  }
}
