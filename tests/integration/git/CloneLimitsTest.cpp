// --max-clone-size and --git-timeout against a real HTTP Git server (lighttpd + git http-backend):
// a pack over the limit is cut while it arrives, a small pack that would inflate past it is refused
// before the checkout writes anything, and a server trickling bytes is cut at the deadline.
#include <catch2/catch_test_macros.hpp>

#include <chrono>

#include "CloneSupport.h"
#include "PeakMemory.h"
#include "ThrottledProxy.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

// Repositories under tmp/repos served over HTTP; clones run in tmp/wd.
struct LimitsFixture {
  TempDir tmp;
  fs::path repos = tmp / "repos";
  fs::path wd = tmp / "wd";

  LimitsFixture() {
    fs::create_directories(repos);
    fs::create_directories(tmp / "state");
    fs::create_directories(wd);
  }
  // `zeros`: data.bin is `bytes` zero bytes streamed into git fast-import (which deflates a blob over
  // core.bigFileThreshold as it reads it), so neither this test nor git holds it in memory.
  void addZerosRepo(std::uint64_t bytes) {
    fs::path bare = repos / "zeros.git";
    gitOut(tmp.path(), {"init", "-q", "--bare", bare.string()});
    std::string n = std::to_string(bytes);
    std::string script = "{ printf 'blob\\nmark :1\\ndata " + n + "\\n'; head -c " + n +
                         " /dev/zero; printf '\\ncommit refs/heads/main\\ncommitter T <t@kestra.invalid> 1700000000 "
                         "+0000\\ndata 6\\nzeros\\nM 100644 :1 data.bin\\nM 100644 inline flow.yml\\ndata 10\\nid: zeros\\n\\n'; }"
                         " | git -C '" + bare.string() + "' fast-import --quiet";
    auto r = run({"bash", "-c", script});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    gitOut(bare, {"symbolic-ref", "HEAD", "refs/heads/main"});
  }
  RunOptions env(const HttpGitServer& server) const {
    RunOptions o;
    o.cwd = wd;
    o.env = {{"GIT_USERNAME", server.user}, {"GIT_PASSWORD", server.password}};
    o.unsetEnv = {"WORKING_DIR"};
    o.timeout = std::chrono::seconds(120);
    return o;
  }
};

std::string proxiedUrl(const ThrottledProxy& proxy, const std::string& repo) {
  return "http://127.0.0.1:" + std::to_string(proxy.port) + "/git/" + repo + ".git";
}

double secondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

TEST_CASE("a 1 GiB blob of zeros in a 5 MB pack is refused before the checkout, with a small peak RSS",
          "[git][http][limits][memory]") {
  baselineKb();  // measured while this process is small
  LimitsFixture f;
  f.addZerosRepo(std::uint64_t{1} << 30);  // with flow.yml: just over the default limit of 1 GiB
  HttpGitServer server(f.repos, f.tmp / "state");
  auto r = runCli({"--frames", "never", "git", "clone", server.url("zeros"), "--directory", "src"}, f.env(server));
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("larger than --max-clone-size 1 GiB") != std::string::npos);
  CHECK(r.err.find("once checked out") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "src"));
  // The blob was received and indexed (inflated in a stream) but never read whole: the checkout
  // would have held it in memory (libgit2 reads a blob whole to write it).
  checkBoundedMemory(r, 8);
}

TEST_CASE("a pack larger than --max-clone-size is cut while it is received", "[git][http][limits]") {
  LimitsFixture f;
  bareRepoWithBlob(f.repos, "big", randomBytes(2 * 1024 * 1024));
  HttpGitServer server(f.repos, f.tmp / "state");
  ThrottledProxy proxy(server.port, 1024 * 1024);  // the whole pack takes ~2 s
  auto started = std::chrono::steady_clock::now();
  auto r = runCli({"--frames", "never", "git", "clone", proxiedUrl(proxy, "big"), "--directory", "src",
                   "--max-clone-size", "256KiB"},
                  f.env(server));
  double seconds = secondsSince(started);
  INFO(r.out << r.err << "\nafter " << seconds << " s");
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("larger than --max-clone-size 256 KiB: received") != std::string::npos);
  CHECK(seconds < 1.5);  // stopped after ~256 KiB, not at the end of the pack
  CHECK_FALSE(fs::exists(f.wd / "src"));
}

TEST_CASE("a repository within --max-clone-size and --git-timeout is cloned", "[git][http][limits]") {
  LimitsFixture f;
  bareRepoWithBlob(f.repos, "small", randomBytes(100 * 1024));
  HttpGitServer server(f.repos, f.tmp / "state");
  auto r = runCli({"--frames", "never", "git", "clone", server.url("small"), "--directory", "src", "--max-clone-size",
                   "1MiB", "--git-timeout", "30"},
                  f.env(server));
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(fs::file_size(f.wd / "src" / "data.bin") == 100 * 1024);
}

TEST_CASE("a server trickling bytes is cut at --git-timeout", "[git][http][limits][timeout]") {
  LimitsFixture f;
  bareRepoWithBlob(f.repos, "slow", "data\n");
  HttpGitServer server(f.repos, f.tmp / "state");
  // 20 bytes a second: the ref advertisement alone (no libgit2 callback) takes longer than the deadline,
  // and the server is never silent for the read timeout.
  ThrottledProxy proxy(server.port, 20);
  auto o = f.env(server);
  o.timeout = std::chrono::seconds(60);
  auto started = std::chrono::steady_clock::now();
  auto r = runCli({"--frames", "never", "git", "clone", proxiedUrl(proxy, "slow"), "--directory", "src",
                   "--git-timeout", "3"},
                  o);
  double seconds = secondsSince(started);
  INFO(r.out << r.err << "\nafter " << seconds << " s");
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("did not finish within --git-timeout 3 s") != std::string::npos);
  CHECK(seconds >= 2.9);
  CHECK(seconds < 8);  // the deadline plus start-up and clean-up, with room for a loaded machine
  CHECK_FALSE(fs::exists(f.wd / "src"));
}
