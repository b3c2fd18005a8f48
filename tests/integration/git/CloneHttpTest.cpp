// `kestra-cicd git clone` against git http-backend behind lighttpd (basic auth, HTTP and HTTPS).
#include <catch2/catch_test_macros.hpp>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>

#include "CloneSupport.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

struct HttpFixture {
  TempDir tmp;
  fs::path repos = tmp / "repos";
  fs::path state = tmp / "state";
  fs::path wd = tmp / "wd";
  std::unique_ptr<TestRepo> repo;
  std::unique_ptr<HttpGitServer> server;

  explicit HttpFixture(bool tls = false) {
    fs::create_directories(repos);
    fs::create_directories(state);
    fs::create_directories(wd);
    repo = std::make_unique<TestRepo>(repos, "repo");
    server = std::make_unique<HttpGitServer>(repos, state, tls);
  }
  RunOptions env(bool underKestra = true) const {
    RunOptions o;
    o.cwd = wd;
    o.env = {{"GIT_USERNAME", server->user}, {"GIT_PASSWORD", server->password}};
    if (underKestra) o.env["WORKING_DIR"] = wd.string();
    o.unsetEnv = {"KESTRA_CICD_FRAMES"};
    o.timeout = std::chrono::seconds(60);
    return o;
  }
  ProcessResult clone(std::vector<std::string> args, RunOptions o) const {
    args.insert(args.begin(), {"git", "clone"});
    auto r = runCli(args, o);
    UNSCOPED_INFO("exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    return r;
  }
};

}  // namespace

TEST_CASE("an HTTP clone with a token is shallow and reports outputs and metrics frames", "[git][http]") {
  HttpFixture f;
  auto r = f.clone({f.server->url("repo"), "--directory", "src"}, f.env());
  REQUIRE(r.exitCode == 0);
  auto outputs = outputsOf(r.out);
  CHECK(outputs["directory"] == (f.wd / "src").string());
  CHECK(outputs["commit"] == f.repo->c4);
  CHECK(outputs["ref"] == "refs/heads/main");
  CHECK(outputs["branch"] == "main");
  std::map<std::string, nlohmann::json> metrics;
  for (const auto& frame : frames(r.out))
    if (frame.contains("metrics"))
      for (const auto& m : frame["metrics"]) metrics[m["name"]] = m;
  REQUIRE(metrics.count("git.bytes_received"));
  CHECK(metrics["git.bytes_received"]["type"] == "counter");
  CHECK(metrics["git.bytes_received"]["value"].get<double>() > 0);
  CHECK(metrics["git.objects"]["value"].get<double>() > 0);
  CHECK(metrics["git.clone.duration"]["type"] == "timer");
  CHECK(logMessages(r.out, "WARN").empty());
  CHECK(gitOut(f.wd / "src", {"rev-list", "--count", "HEAD"}) == "1");  // depth 1: exactly one commit
  CHECK(gitOut(f.wd / "src", {"rev-parse", "--is-shallow-repository"}) == "true");
  CHECK(gitOut(f.wd / "src", {"rev-parse", "--abbrev-ref", "HEAD@{upstream}"}) == "origin/main");
  // The token is in neither the output nor .git/config.
  CHECK(r.out.find(f.server->password) == std::string::npos);
  CHECK(readFile(f.wd / "src" / ".git" / "config").find(f.server->password) == std::string::npos);

  auto full = f.clone({f.server->url("repo"), "--directory", "full", "--depth", "0"}, f.env());
  REQUIRE(full.exitCode == 0);
  CHECK(gitOut(f.wd / "full", {"rev-list", "--count", "HEAD"}) == "3");
}

TEST_CASE("HTTP: branch, lightweight and annotated tags, commits and short SHAs", "[git][http]") {
  HttpFixture f;
  auto url = f.server->url("repo");
  auto branch = f.clone({url, "--directory", "b", "--branch", "feature"}, f.env());
  REQUIRE(branch.exitCode == 0);
  CHECK(outputsOf(branch.out)["commit"] == f.repo->c3);
  CHECK(gitOut(f.wd / "b", {"symbolic-ref", "HEAD"}) == "refs/heads/feature");

  auto v1 = f.clone({url, "--directory", "t1", "--tag", "v1"}, f.env());
  REQUIRE(v1.exitCode == 0);
  CHECK(outputsOf(v1.out)["commit"] == f.repo->c1);
  CHECK(outputsOf(v1.out)["ref"] == "refs/tags/v1");
  CHECK(outputsOf(v1.out)["branch"].is_null());

  auto v2 = f.clone({url, "--directory", "t2", "--tag", "v2"}, f.env());
  REQUIRE(v2.exitCode == 0);
  CHECK(outputsOf(v2.out)["commit"] == f.repo->c2);
  CHECK(gitOut(f.wd / "t2", {"rev-parse", "HEAD"}) == f.repo->c2);

  auto shortSha = f.clone({url, "--directory", "c", "--commit", f.repo->c2.substr(0, 7)}, f.env());
  REQUIRE(shortSha.exitCode == 0);
  CHECK(outputsOf(shortSha.out)["commit"] == f.repo->c2);
  CHECK(gitOut(f.wd / "c", {"rev-parse", "HEAD"}) == f.repo->c2);

  auto fullSha = f.clone({url, "--directory", "c3", "--commit", f.repo->c3}, f.env());
  REQUIRE(fullSha.exitCode == 0);
  CHECK(gitOut(f.wd / "c3", {"rev-parse", "HEAD"}) == f.repo->c3);
}

TEST_CASE("HTTP: missing branch, tag and commit are named, exit 1, nothing left behind", "[git][http]") {
  HttpFixture f;
  auto url = f.server->url("repo");
  auto branch = f.clone({url, "--directory", "x", "--branch", "nope"}, f.env(false));
  CHECK(branch.exitCode == 1);
  CHECK(branch.err.find("branch 'nope' not found") != std::string::npos);
  auto tag = f.clone({url, "--directory", "x", "--tag", "v404"}, f.env(false));
  CHECK(tag.exitCode == 1);
  CHECK(tag.err.find("tag 'v404' not found") != std::string::npos);
  auto commit = f.clone({url, "--directory", "x", "--commit", "0123abcd"}, f.env(false));
  CHECK(commit.exitCode == 1);
  CHECK(commit.err.find("commit '0123abcd' not found") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  auto repo = f.clone({f.server->url("absent"), "--directory", "x"}, f.env(false));
  CHECK(repo.exitCode == 3);
  CHECK_FALSE(fs::exists(f.wd / "x"));
}

TEST_CASE("HTTP: a wrong or missing password fails with exit 3 naming basic auth", "[git][http]") {
  HttpFixture f;
  auto o = f.env(false);
  o.env["GIT_PASSWORD"] = "wrong-password";
  auto wrong = f.clone({f.server->url("repo"), "--directory", "x"}, o);
  CHECK(wrong.exitCode == 3);
  CHECK(wrong.err.find("HTTP basic authentication as user 'kestra'") != std::string::npos);
  CHECK(wrong.err.find("wrong-password") == std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  o.env.erase("GIT_PASSWORD");
  o.unsetEnv.push_back("GIT_PASSWORD");
  auto missing = f.clone({f.server->url("repo"), "--directory", "x"}, o);
  CHECK(missing.exitCode == 3);
  CHECK(missing.err.find("GIT_PASSWORD") != std::string::npos);
}

TEST_CASE("HTTP: credentials in the URL work and are masked everywhere", "[git][http]") {
  HttpFixture f;
  auto o = f.env();
  o.unsetEnv.insert(o.unsetEnv.end(), {"GIT_PASSWORD", "GIT_USERNAME"});
  o.env.clear();
  o.env["WORKING_DIR"] = f.wd.string();
  std::string url = f.server->url("repo");
  url.replace(url.find("://") + 3, 0, f.server->user + ":" + f.server->password + "@");
  auto ok = f.clone({url, "--directory", "masked"}, o);
  REQUIRE(ok.exitCode == 0);
  CHECK(ok.out.find(f.server->password) == std::string::npos);
  CHECK(ok.err.find(f.server->password) == std::string::npos);
  CHECK(readFile(f.wd / "masked" / ".git" / "config").find(f.server->password) == std::string::npos);
  auto bad = f.clone({url, "--directory", "masked2", "--branch", "nope"}, o);
  CHECK(bad.exitCode == 1);
  CHECK((bad.out + bad.err).find(f.server->password) == std::string::npos);
  auto scheme = f.clone({"ftp://u:" + f.server->password + "@127.0.0.1/r.git"}, o);
  CHECK(scheme.exitCode == 2);
  CHECK(scheme.err.find("unsupported URL scheme") != std::string::npos);
  CHECK(scheme.err.find(f.server->password) == std::string::npos);
}

TEST_CASE("HTTP: a token as the URL's user name is never printed", "[git][http]") {
  HttpFixture f;
  auto o = f.env(false);
  o.env["GIT_PASSWORD"] = "wrong-password";
  o.unsetEnv.push_back("GIT_USERNAME");
  o.env.erase("GIT_USERNAME");
  std::string token = "ghp_UrlUserToken0123456789";
  std::string url = f.server->url("repo");
  url.replace(url.find("://") + 3, 0, token + "@");
  auto r = f.clone({url, "--directory", "x"}, o);
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("HTTP basic authentication") != std::string::npos);
  CHECK((r.out + r.err).find(token) == std::string::npos);
}

TEST_CASE("HTTP: a non-empty working directory keeps its files", "[git][http]") {
  HttpFixture f;
  writeFile(f.wd / "input.csv", "a,b\n");
  fs::create_directories(f.wd / "flows");
  writeFile(f.wd / "flows" / "extra.yml", "id: extra\n");
  auto r = f.clone({f.server->url("repo")}, f.env());
  REQUIRE(r.exitCode == 0);
  CHECK(outputsOf(r.out)["directory"] == f.wd.string());
  CHECK(readFile(f.wd / "input.csv") == "a,b\n");
  CHECK(readFile(f.wd / "flows" / "extra.yml") == "id: extra\n");
  CHECK(fs::exists(f.wd / "flows" / "hello.yml"));
  CHECK(gitOut(f.wd, {"rev-parse", "HEAD"}) == f.repo->c4);
}

TEST_CASE("bad --directory values are refused with exit 2", "[git][http]") {
  HttpFixture f;
  auto escape = f.clone({f.server->url("repo"), "--directory", "../x"}, f.env());
  CHECK(escape.exitCode == 2);
  CHECK(escape.err.find("--directory") != std::string::npos);
  CHECK_FALSE(fs::exists(f.tmp / "x"));
  writeFile(f.wd / "afile", "x");
  auto file = f.clone({f.server->url("repo"), "--directory", "afile"}, f.env());
  CHECK(file.exitCode == 2);
  CHECK(file.err.find("not a directory") != std::string::npos);
  auto url = f.clone({"https://", "--directory", "y"}, f.env());
  CHECK(url.exitCode == 2);
}

TEST_CASE("HTTPS with a self-signed certificate needs --ca-cert", "[git][https]") {
  HttpFixture f(true);
  auto url = f.server->url("repo");
  auto refused = f.clone({url, "--directory", "x"}, f.env(false));
  CHECK(refused.exitCode == 3);
  CHECK(refused.err.find("not trusted") != std::string::npos);
  CHECK(refused.err.find("--ca-cert") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  auto trusted = f.clone({url, "--directory", "x", "--ca-cert", f.server->caCert.string()}, f.env());
  REQUIRE(trusted.exitCode == 0);
  CHECK(outputsOf(trusted.out)["commit"] == f.repo->c4);
  CHECK(gitOut(f.wd / "x", {"rev-list", "--count", "HEAD"}) == "1");
  auto insecure = f.clone({url, "--directory", "y", "--insecure"}, f.env());
  REQUIRE(insecure.exitCode == 0);
  REQUIRE(logMessages(insecure.out, "WARN").size() == 1);
  CHECK(logMessages(insecure.out, "WARN")[0].find("--insecure") != std::string::npos);
}

TEST_CASE("an unreachable host fails within the connect timeout", "[git][http]") {
  // A listener whose backlog is full: the kernel drops further SYNs, so connect() hangs.
  LoopbackListener listener(0);
  int port = listener.port();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(c);
  }
  TempDir wd;
  RunOptions o;
  o.cwd = wd.path();
  o.timeout = std::chrono::seconds(30);
  auto started = std::chrono::steady_clock::now();
  auto r = runCli({"git", "clone", "http://127.0.0.1:" + std::to_string(port) + "/git/repo.git", "--directory", "x",
                   "--connect-timeout", "2"},
                  o);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (int c : fillers) close(c);
  INFO(r.err);
  CHECK(r.exitCode == 3);
  CHECK(seconds < 15);
  CHECK_FALSE(fs::exists(wd / "x"));
}

TEST_CASE("a server that accepts the connection and never answers fails within the read timeout", "[git][http]") {
  // A listener nobody accepts from: the kernel completes the handshake, then nothing is ever sent.
  LoopbackListener listener(8);
  std::string hostPort = "127.0.0.1:" + std::to_string(listener.port());
  for (std::string url : {"http://" + hostPort + "/git/repo.git", "git://" + hostPort + "/repo.git"}) {
    TempDir wd;
    RunOptions o;
    o.cwd = wd.path();
    o.env = {{"WORKING_DIR", wd.path().string()}};
    o.timeout = std::chrono::seconds(30);
    auto started = std::chrono::steady_clock::now();
    auto r = runCli({"git", "clone", url, "--directory", "x", "--read-timeout", "2"}, o);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO(url << ": exit " << r.exitCode << " after " << seconds << " s\n" << r.out << r.err);
    CHECK(r.exitCode == 3);
    CHECK(seconds >= 1.5);  // it waited for the server...
    CHECK(seconds < 10);    // ...but not forever
    CHECK(r.err.find("timed out") != std::string::npos);
    CHECK(r.err.find("read timeout of 2 s") != std::string::npos);
    CHECK_FALSE(fs::exists(wd / "x"));
  }
  auto bad = runCli({"git", "clone", "http://127.0.0.1:1/r.git", "--read-timeout", "0"});
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("--read-timeout") != std::string::npos);
}

TEST_CASE("HTTP: submodules are cloned with --submodules", "[git][http][submodule]") {
  HttpFixture f;
  TestRepo lib(f.repos, "lib");
  // The parent refers to the submodule by a URL relative to its own ("../lib.git").
  gitOut(f.repo->work, {"submodule", "add", "-q", "../lib.git", "vendor/lib"});
  // `submodule add` cloned from the relative path on disk; commit and push the gitlink.
  gitOut(f.repo->work, {"commit", "-q", "-m", "add submodule"});
  gitOut(f.repo->work, {"push", "-q", "origin", "main"});
  auto without = f.clone({f.server->url("repo"), "--directory", "plain"}, f.env());
  REQUIRE(without.exitCode == 0);
  CHECK_FALSE(fs::exists(f.wd / "plain" / "vendor" / "lib" / "README.md"));
  auto with = f.clone({f.server->url("repo"), "--directory", "deep", "--submodules"}, f.env());
  REQUIRE(with.exitCode == 0);
  CHECK(readFile(f.wd / "deep" / "vendor" / "lib" / "README.md") == "# lib\nmore\n");
  CHECK(gitOut(f.wd / "deep" / "vendor" / "lib", {"rev-parse", "HEAD"}) == lib.c4);
}
