// git::clone against a repository on disk (libgit2's local transport): refs, checkout, cleanup.
// Network transports are covered by tests/integration/git.
#include <catch2/catch_test_macros.hpp>

#include "TestRepo.h"
#include "git/Clone.h"
#include "runtime/Errors.h"

using namespace kcicd;
using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

struct Recorder : git::CloneObserver {
  std::vector<std::string> warnings, infos;
  void warning(const std::string& m) override { warnings.push_back(m); }
  void info(const std::string& m) override { infos.push_back(m); }
};

git::CloneOptions options(const TestRepo& repo, const fs::path& dir) {
  git::CloneOptions o;
  o.url = "file://" + repo.bare.string();
  o.directory = dir;
  return o;
}

std::string failureOf(const git::CloneOptions& o, ExitCode expected) {
  try {
    git::clone(o);
  } catch (const CommandError& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("clone did not fail");
  return "";
}

}  // namespace

TEST_CASE("the default branch is checked out with its upstream; depth falls back with one warning", "[git][clone]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  Recorder recorder;
  auto result = git::clone(options(repo, tmp / "out"), recorder);
  CHECK(result.commit == repo.c4);
  CHECK(result.branch == "main");
  CHECK(result.ref == "refs/heads/main");
  CHECK(result.objects > 0);
  REQUIRE(recorder.warnings.size() == 1);
  CHECK(recorder.warnings[0].find("shallow") != std::string::npos);
  CHECK(result.warnings == recorder.warnings);
  CHECK(gitOut(tmp / "out", {"rev-parse", "HEAD"}) == repo.c4);
  CHECK(gitOut(tmp / "out", {"rev-parse", "--abbrev-ref", "HEAD@{upstream}"}) == "origin/main");
  CHECK(gitOut(tmp / "out", {"status", "--porcelain"}).empty());
  CHECK(readFile(tmp / "out" / "README.md") == "# repo\nmore\n");
}

TEST_CASE("a branch, tags and commits are checked out", "[git][clone]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  auto o = options(repo, tmp / "b");
  o.depth = 0;
  o.branch = "feature";
  auto branch = git::clone(o);
  CHECK(branch.commit == repo.c3);
  CHECK(gitOut(tmp / "b", {"symbolic-ref", "HEAD"}) == "refs/heads/feature");

  o = options(repo, tmp / "t1");
  o.tag = "v1";
  auto lightweight = git::clone(o);
  CHECK(lightweight.commit == repo.c1);
  CHECK(lightweight.ref == "refs/tags/v1");
  CHECK(lightweight.branch.empty());
  CHECK(runGit(tmp / "t1", {"symbolic-ref", "-q", "HEAD"}).exitCode != 0);  // detached

  o = options(repo, tmp / "t2");
  o.tag = "v2";
  CHECK(git::clone(o).commit == repo.c2);  // annotated tag peeled to its commit

  o = options(repo, tmp / "c");
  o.commit = repo.c2.substr(0, 8);
  auto commit = git::clone(o);
  CHECK(commit.commit == repo.c2);
  CHECK(commit.ref == repo.c2);
  CHECK(gitOut(tmp / "c", {"rev-parse", "HEAD"}) == repo.c2);

  o = options(repo, tmp / "tip");
  o.commit = repo.c3;
  CHECK(git::clone(o).commit == repo.c3);
}

TEST_CASE("a missing branch, tag or commit fails clearly and leaves nothing behind", "[git][clone]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  auto o = options(repo, tmp / "x" / "y");
  o.branch = "nope";
  CHECK(failureOf(o, ExitCode::Failure).find("branch 'nope' not found") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "x"));
  o.branch.clear();
  o.tag = "v9";
  CHECK(failureOf(o, ExitCode::Failure).find("tag 'v9' not found") != std::string::npos);
  o.tag.clear();
  o.commit = "deadbeef";
  CHECK(failureOf(o, ExitCode::Failure).find("commit 'deadbeef' not found") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "x"));
}

TEST_CASE("a non-empty directory keeps its files, also when the clone fails", "[git][clone]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  fs::create_directories(tmp / "wd" / "flows");
  writeFile(tmp / "wd" / "input.txt", "from WorkingDirectory");
  writeFile(tmp / "wd" / "flows" / "local.yml", "id: local");
  auto o = options(repo, tmp / "wd");
  o.branch = "missing";
  failureOf(o, ExitCode::Failure);
  CHECK_FALSE(fs::exists(tmp / "wd" / ".git"));
  CHECK(readFile(tmp / "wd" / "input.txt") == "from WorkingDirectory");
  CHECK(fs::exists(tmp / "wd" / "flows" / "local.yml"));

  o.branch = "main";
  auto result = git::clone(o);
  CHECK(result.commit == repo.c4);
  CHECK(readFile(tmp / "wd" / "input.txt") == "from WorkingDirectory");
  CHECK(readFile(tmp / "wd" / "flows" / "local.yml") == "id: local");
  CHECK(fs::exists(tmp / "wd" / "flows" / "hello.yml"));
}

TEST_CASE("bad options are usage errors", "[git][clone]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  writeFile(tmp / "file", "x");
  CHECK(failureOf(options(repo, tmp / "file"), ExitCode::Usage).find("not a directory") != std::string::npos);
  auto o = options(repo, tmp / "d");
  o.commit = "xyz";
  CHECK(failureOf(o, ExitCode::Usage).find("--commit") != std::string::npos);
  o = options(repo, tmp / "d");
  o.depth = -1;
  CHECK(failureOf(o, ExitCode::Usage).find("--depth") != std::string::npos);
  o = options(repo, tmp / "d");
  o.maxCloneBytes = 0;
  CHECK(failureOf(o, ExitCode::Usage).find("--max-clone-size") != std::string::npos);
  o = options(repo, tmp / "d");
  o.timeoutSeconds = 0;
  CHECK(failureOf(o, ExitCode::Usage).find("--git-timeout") != std::string::npos);
  o = options(repo, tmp / "d");
  o.url = "file://" + (tmp / "absent.git").string();
  failureOf(o, ExitCode::Remote);  // an unreachable repository, like a network failure
  CHECK_FALSE(fs::exists(tmp / "d"));
}

namespace {

git::CloneOptions limited(const std::string& url, const fs::path& dir, std::uint64_t maxBytes) {
  git::CloneOptions o;
  o.url = url;
  o.directory = dir;
  o.maxCloneBytes = maxBytes;
  return o;
}

}  // namespace

TEST_CASE("a repository whose pack passes maxCloneBytes is refused, leaving the directory as it was",
          "[git][clone][limits]") {
  TempDir tmp;
  std::string url = "file://" + bareRepoWithBlob(tmp.path(), "big", randomBytes(256 * 1024)).string();
  fs::create_directories(tmp / "wd");
  writeFile(tmp / "wd" / "input.txt", "kept");
  std::string error = failureOf(limited(url, tmp / "wd", 64 * 1024), ExitCode::Failure);
  CHECK(error.find("--max-clone-size 64 KiB") != std::string::npos);
  CHECK(error.find("received") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "wd" / ".git"));
  CHECK_FALSE(fs::exists(tmp / "wd" / "data.bin"));
  CHECK(readFile(tmp / "wd" / "input.txt") == "kept");
  CHECK(git::clone(limited(url, tmp / "ok", 1024 * 1024)).commit.size() == 40);  // within a larger limit
}

TEST_CASE("a small pack whose files would pass maxCloneBytes is refused before the checkout",
          "[git][clone][limits]") {
  TempDir tmp;
  // A ~1 KB pack.
  std::string url = "file://" + bareRepoWithBlob(tmp.path(), "zeros", std::string(1024 * 1024, '\0')).string();
  std::string error = failureOf(limited(url, tmp / "out", 64 * 1024), ExitCode::Failure);
  CHECK(error.find("--max-clone-size 64 KiB") != std::string::npos);
  CHECK(error.find("once checked out") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("the files of submodules count toward maxCloneBytes, checked before each is written",
          "[git][clone][limits][submodule]") {
  TempDir tmp;
  TestRepo repo(tmp.path());
  fs::path zeros = bareRepoWithBlob(tmp.path(), "zeros", std::string(1024 * 1024, '\0'));  // a ~1 KB pack
  gitOut(repo.work, {"submodule", "add", "-q", "file://" + zeros.string(), "vendor/zeros"});
  gitOut(repo.work, {"commit", "-q", "-m", "submodule"});
  gitOut(repo.work, {"push", "-q", "origin", "main"});
  auto o = limited("file://" + repo.bare.string(), tmp / "out", 512 * 1024);
  o.submodules = true;
  std::string error = failureOf(o, ExitCode::Failure);
  CHECK(error.find("--max-clone-size 512 KiB") != std::string::npos);
  CHECK(error.find("once checked out") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "out"));

  o.maxCloneBytes = 2 * 1024 * 1024;
  git::clone(o);
  CHECK(fs::file_size(tmp / "out" / "vendor" / "zeros" / "data.bin") == 1024 * 1024);
  CHECK(gitOut(tmp / "out" / "vendor" / "zeros", {"status", "--porcelain"}).empty());
}
