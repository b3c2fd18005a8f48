// Git credentials go only to the origin (scheme, host, port) of the repository URL and to origins
// allowed with --git-credential-origin: never to a submodule or a redirect target elsewhere, and
// never over plain HTTP when the repository is HTTPS. A second lighttpd on another port of
// 127.0.0.1 (another origin) serves the same repositories and logs the Authorization it receives.
#include <catch2/catch_test_macros.hpp>

#include <thread>

#include "CloneSupport.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

struct TwoOrigins {
  TempDir tmp;
  fs::path repos = tmp / "repos";
  fs::path wd = tmp / "wd";
  std::unique_ptr<TestRepo> repo;
  std::unique_ptr<HttpGitServer> other, origin;

  explicit TwoOrigins(bool tlsOrigin = false) {
    for (const auto& dir : {repos, wd, tmp / "other", tmp / "origin"}) fs::create_directories(dir);
    repo = std::make_unique<TestRepo>(repos, "repo");
    other = std::make_unique<HttpGitServer>(repos, tmp / "other");
    // The origin answers /moved/<path> with a 301 to /git/<path> on the other origin.
    origin = std::make_unique<HttpGitServer>(
        repos, tmp / "origin", tlsOrigin,
        "url.redirect = (\"^/moved/(.*)$\" => \"" + otherOrigin() + "/git/$1\")\n");
  }
  std::string otherOrigin() const { return "http://127.0.0.1:" + std::to_string(other->port); }

  // Commits and pushes a submodule vendor/lib whose .gitmodules URL is `url`.
  void addSubmodule(const std::string& url) {
    TestRepo lib(repos, "lib");
    gitOut(repo->work, {"submodule", "add", "-q", "../lib.git", "vendor/lib"});
    gitOut(repo->work, {"config", "-f", ".gitmodules", "submodule.vendor/lib.url", url});
    gitOut(repo->work, {"add", ".gitmodules"});
    gitOut(repo->work, {"commit", "-q", "-m", "add submodule"});
    gitOut(repo->work, {"push", "-q", "origin", "main"});
  }

  ProcessResult clone(std::vector<std::string> args) const {
    args.insert(args.begin(), {"git", "clone"});
    RunOptions o;
    o.cwd = wd;
    o.env = {{"GIT_USERNAME", origin->user}, {"GIT_PASSWORD", origin->password}, {"WORKING_DIR", wd.string()}};
    o.unsetEnv = {"KESTRA_CICD_FRAMES"};
    o.timeout = std::chrono::seconds(60);
    auto r = runCli(args, o);
    UNSCOPED_INFO("exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    return r;
  }

  // The other origin's access log once it shows a request (lighttpd writes it a little later).
  std::string otherLog() const {
    for (int i = 0; i < 50; ++i) {
      if (fs::exists(other->accessLog) && readFile(other->accessLog).find("info/refs") != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::string log = fs::exists(other->accessLog) ? readFile(other->accessLog) : "";
    UNSCOPED_INFO("other origin's access log:\n" << log);
    return log;
  }
};

}  // namespace

TEST_CASE("credentials: not sent to a submodule on another origin unless --git-credential-origin allows it",
          "[git][http][credentials]") {
  TwoOrigins f;
  f.addSubmodule(f.other->url("lib"));
  auto refused = f.clone({f.origin->url("repo"), "--directory", "x", "--submodules"});
  CHECK(refused.exitCode == 3);
  CHECK(refused.err.find(f.otherOrigin()) != std::string::npos);
  CHECK(refused.err.find("--git-credential-origin") != std::string::npos);
  CHECK((refused.out + refused.err).find(f.origin->password) == std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  auto log = f.otherLog();
  CHECK(log.find("info/refs") != std::string::npos);  // the submodule's server was asked...
  CHECK(log.find("Basic") == std::string::npos);      // ...and never got the token

  auto allowed =
      f.clone({f.origin->url("repo"), "--directory", "y", "--submodules", "--git-credential-origin", f.otherOrigin()});
  REQUIRE(allowed.exitCode == 0);
  CHECK(readFile(f.wd / "y" / "vendor" / "lib" / "README.md") == "# lib\nmore\n");
}

TEST_CASE("credentials: not sent to the target of a redirect to another origin", "[git][http][credentials]") {
  TwoOrigins f;
  std::string moved = "http://127.0.0.1:" + std::to_string(f.origin->port) + "/moved/repo.git";
  auto refused = f.clone({moved, "--directory", "x"});
  CHECK(refused.exitCode == 3);
  CHECK(refused.err.find(f.otherOrigin()) != std::string::npos);
  CHECK(refused.err.find("--git-credential-origin") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  auto log = f.otherLog();
  CHECK(log.find("info/refs") != std::string::npos);
  CHECK(log.find("Basic") == std::string::npos);

  auto allowed = f.clone({moved, "--directory", "y", "--git-credential-origin", f.otherOrigin()});
  REQUIRE(allowed.exitCode == 0);
  CHECK(outputsOf(allowed.out)["commit"] == f.repo->c4);
}

TEST_CASE("credentials: never over plain HTTP when the repository is HTTPS, even to an allowed origin",
          "[git][https][credentials]") {
  TwoOrigins f(/*tlsOrigin=*/true);
  f.addSubmodule(f.other->url("lib"));
  auto refused = f.clone({f.origin->url("repo"), "--directory", "x", "--submodules", "--ca-cert",
                          f.origin->caCert.string(), "--git-credential-origin", f.otherOrigin()});
  CHECK(refused.exitCode == 3);
  CHECK(refused.err.find("plain HTTP") != std::string::npos);
  CHECK(refused.err.find(f.otherOrigin()) != std::string::npos);
  CHECK(f.otherLog().find("Basic") == std::string::npos);
}
