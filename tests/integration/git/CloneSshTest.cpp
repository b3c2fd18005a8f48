// `kestra-cicd git clone` over SSH (OpenSSH sshd, key-only) and git:// (git daemon).
#include <catch2/catch_test_macros.hpp>

#include "CloneSupport.h"
#include "ThrottledProxy.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

struct SshFixture {
  TempDir tmp;
  fs::path state = tmp / "state";
  fs::path wd = tmp / "wd";
  std::unique_ptr<TestRepo> repo;
  std::unique_ptr<SshGitServer> server;

  SshFixture() {
    fs::create_directories(state);
    fs::create_directories(wd);
    repo = std::make_unique<TestRepo>(tmp.path(), "repo");
    server = std::make_unique<SshGitServer>(state);
  }
  fs::path key(const std::string& name, std::vector<std::string> args, bool authorized = true) {
    auto path = state / name;
    std::vector<std::string> argv{"ssh-keygen", "-q", "-f", path.string(), "-C", name};
    argv.insert(argv.end(), args.begin(), args.end());
    mustRun(argv);
    if (authorized) server->authorize(path);
    return path;
  }
  ProcessResult clone(const fs::path& key, std::vector<std::string> extra = {},
                      std::map<std::string, std::string> env = {}) const {
    return cloneUrl(server->url(repo->bare), key, std::move(extra), std::move(env));
  }
  ProcessResult cloneUrl(const std::string& url, const fs::path& key, std::vector<std::string> extra = {},
                         std::map<std::string, std::string> env = {}) const {
    std::vector<std::string> args{"git", "clone", url};
    args.insert(args.end(), extra.begin(), extra.end());
    RunOptions o;
    o.cwd = wd;
    o.env = env;
    o.env["WORKING_DIR"] = wd.string();
    if (!key.empty()) o.env["GIT_SSH_KEY"] = readFile(key);
    o.unsetEnv = {"KESTRA_CICD_FRAMES", "GIT_SSH_PASSPHRASE"};
    // Only read by -fsanitize builds: ignore a leak inside libssh2 itself.
    o.env["LSAN_OPTIONS"] = "suppressions=" KCICD_SOURCE_DIR "/tests/integration/git/lsan.supp";
    o.timeout = std::chrono::seconds(60);
    auto r = runCli(args, o);
    UNSCOPED_INFO("exit " << r.exitCode << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
    return r;
  }
  std::vector<std::string> knownHosts() const { return {"--known-hosts", server->knownHosts.string()}; }
};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("SSH with an OpenSSH ed25519 key clones the full history with exactly one warning", "[git][ssh]") {
  SshFixture f;
  auto key = f.key("id_ed25519", {"-t", "ed25519", "-N", ""});
  auto r = f.clone(key, plus({"--directory", "src"}, f.knownHosts()));
  REQUIRE(r.exitCode == 0);
  auto warnings = logMessages(r.out, "WARN");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("shallow") != std::string::npos);
  CHECK(outputsOf(r.out)["commit"] == f.repo->c4);
  CHECK(gitOut(f.wd / "src", {"rev-list", "--count", "HEAD"}) == "3");
  auto tag = f.clone(key, plus({"--directory", "tag", "--tag", "v2", "--depth", "0"}, f.knownHosts()));
  REQUIRE(tag.exitCode == 0);
  CHECK(logMessages(tag.out, "WARN").empty());
  CHECK(outputsOf(tag.out)["commit"] == f.repo->c2);
}

TEST_CASE("SSH with a PEM key (ssh-keygen -m PEM, as Kestra's docs advise)", "[git][ssh]") {
  SshFixture f;
  auto key = f.key("id_ecdsa", {"-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", ""});
  REQUIRE(readFile(key).find("BEGIN EC PRIVATE KEY") != std::string::npos);
  auto r = f.clone(key, plus({"--directory", "src", "--commit", f.repo->c2.substr(0, 10)}, f.knownHosts()));
  REQUIRE(r.exitCode == 0);
  CHECK(gitOut(f.wd / "src", {"rev-parse", "HEAD"}) == f.repo->c2);
}

TEST_CASE("SSH with encrypted keys: passphrase required, used, and checked", "[git][ssh]") {
  SshFixture f;
  auto openssh = f.key("enc_ed25519", {"-t", "ed25519", "-N", "correct horse"});
  auto pem = f.key("enc_ecdsa", {"-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", "battery staple"});
  REQUIRE(readFile(pem).find("ENCRYPTED") != std::string::npos);
  auto missing = f.clone(openssh, plus({"--directory", "x"}, f.knownHosts()));
  CHECK(missing.exitCode == 2);
  CHECK(missing.err.find("GIT_SSH_PASSPHRASE") != std::string::npos);
  auto ok = f.clone(openssh, plus({"--directory", "a"}, f.knownHosts()), {{"GIT_SSH_PASSPHRASE", "correct horse"}});
  CHECK(ok.exitCode == 0);
  auto okPem = f.clone(pem, plus({"--directory", "b"}, f.knownHosts()), {{"GIT_SSH_PASSPHRASE", "battery staple"}});
  CHECK(okPem.exitCode == 0);
  auto wrong = f.clone(pem, plus({"--directory", "c"}, f.knownHosts()), {{"GIT_SSH_PASSPHRASE", "wrong phrase"}});
  CHECK(wrong.exitCode == 3);
  CHECK(wrong.err.find("SSH public-key authentication") != std::string::npos);
  CHECK(wrong.err.find("wrong phrase") == std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "c"));
}

TEST_CASE("SSH with a key the server does not know fails with exit 3 naming the method", "[git][ssh]") {
  SshFixture f;
  auto stranger = f.key("stranger", {"-t", "ed25519", "-N", ""}, false);
  auto r = f.clone(stranger, plus({"--directory", "x"}, f.knownHosts()));
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("SSH public-key authentication") != std::string::npos);
  CHECK(r.err.find("'root'") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));
  // Debian 12's libssh2 signs RSA keys with ssh-rsa (SHA-1), refused by OpenSSH 8.8+: said so.
  auto rsa = f.key("id_rsa", {"-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""});
  auto refusedRsa = f.clone(rsa, plus({"--directory", "x"}, f.knownHosts()));
  CHECK(refusedRsa.exitCode == 3);
  CHECK(refusedRsa.err.find("use an ed25519 or ECDSA key") != std::string::npos);
  auto none = f.clone({}, plus({"--directory", "x"}, f.knownHosts()));
  CHECK(none.exitCode == 3);
  CHECK(none.err.find("GIT_SSH_KEY") != std::string::npos);
}

TEST_CASE("SSH host keys: unknown refused, accepted only on request with its fingerprint, changed refused",
          "[git][ssh]") {
  SshFixture f;
  auto key = f.key("id_ed25519", {"-t", "ed25519", "-N", ""});
  auto empty = f.state / "empty_known_hosts";
  writeFile(empty, "");
  auto unknown = f.clone(key, {"--directory", "x", "--known-hosts", empty.string()});
  CHECK(unknown.exitCode == 3);
  CHECK(unknown.err.find("[127.0.0.1]:" + std::to_string(f.server->port)) != std::string::npos);
  CHECK(unknown.err.find("--accept-unknown-host-key") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "x"));

  auto fingerprint = run({"ssh-keygen", "-l", "-E", "sha256", "-f", f.server->hostKey.string() + ".pub"});
  std::string sha256 = fingerprint.out.substr(fingerprint.out.find("SHA256:"));
  sha256 = sha256.substr(0, sha256.find(' '));
  auto accepted =
      f.clone(key, {"--directory", "y", "--known-hosts", empty.string(), "--accept-unknown-host-key"});
  REQUIRE(accepted.exitCode == 0);
  auto warnings = logMessages(accepted.out, "WARN");
  bool logged = false;
  for (const auto& w : warnings)
    logged |= w.find(sha256) != std::string::npos && w.find("127.0.0.1") != std::string::npos;
  CHECK(logged);

  auto other = f.key("other_host", {"-t", "ed25519", "-N", ""}, false);
  auto changed = f.state / "changed_known_hosts";
  writeFile(changed, "[127.0.0.1]:" + std::to_string(f.server->port) + " " + readFile(other.string() + ".pub"));
  auto mismatch =
      f.clone(key, {"--directory", "z", "--known-hosts", changed.string(), "--accept-unknown-host-key"});
  CHECK(mismatch.exitCode == 3);
  CHECK(mismatch.err.find("does not match") != std::string::npos);

  // Known under another key type (ecdsa) while the server presents ed25519: a changed key, as in OpenSSH.
  auto ecdsa = f.key("other_ecdsa", {"-t", "ecdsa", "-N", ""}, false);
  auto otherType = f.state / "other_type_known_hosts";
  writeFile(otherType, "[127.0.0.1]:" + std::to_string(f.server->port) + " " + readFile(ecdsa.string() + ".pub"));
  auto typeChanged =
      f.clone(key, {"--directory", "t", "--known-hosts", otherType.string(), "--accept-unknown-host-key"});
  CHECK(typeChanged.exitCode == 3);
  CHECK(typeChanged.err.find("does not match") != std::string::npos);
  CHECK(typeChanged.err.find("ecdsa-sha2-nistp256") != std::string::npos);
  CHECK_FALSE(fs::exists(f.wd / "t"));

  // A hashed known_hosts (ssh-keygen -H) is understood too.
  auto hashed = f.state / "hashed_known_hosts";
  writeFile(hashed, readFile(f.server->knownHosts));
  mustRun({"ssh-keygen", "-H", "-f", hashed.string()});
  auto ok = f.clone(key, {"--directory", "h", "--known-hosts", hashed.string()});
  CHECK(ok.exitCode == 0);
}

TEST_CASE("git:// and local paths clone the full history with exactly one warning", "[git][daemon]") {
  TempDir tmp;
  fs::create_directories(tmp / "wd");
  fs::create_directories(tmp / "state");
  TestRepo repo(tmp.path(), "repo");
  GitDaemon daemon(tmp.path(), tmp / "state");
  RunOptions o;
  o.cwd = tmp / "wd";
  o.env = {{"WORKING_DIR", (tmp / "wd").string()}};
  o.unsetEnv = {"KESTRA_CICD_FRAMES"};
  for (const std::string& url : {daemon.url("repo"), "file://" + repo.bare.string(), repo.bare.string()}) {
    std::string dir = "d" + std::to_string(url.size());
    auto r = runCli({"git", "clone", url, "--directory", dir, "--branch", "feature"}, o);
    INFO(url << "\n" << r.out << r.err);
    REQUIRE(r.exitCode == 0);
    REQUIRE(logMessages(r.out, "WARN").size() == 1);
    CHECK(logMessages(r.out, "WARN")[0].find("shallow") != std::string::npos);
    CHECK(outputsOf(r.out)["commit"] == repo.c3);
    CHECK(gitOut(tmp / "wd" / dir, {"rev-list", "--count", "HEAD"}) == "3");
  }
}

TEST_CASE("SSH: a server trickling its handshake is cut at --git-timeout", "[git][ssh][limits][timeout]") {
  SshFixture f;
  auto key = f.key("id_ed25519", {"-t", "ed25519", "-N", ""});
  // 20 bytes a second: the SSH handshake (~3 KB) alone would take minutes, and libgit2 1.8 retries it
  // when a wait times out, so neither the read timeout nor a progress callback ends it.
  ThrottledProxy proxy(f.server->port, 20);
  std::string url = "ssh://root@127.0.0.1:" + std::to_string(proxy.port) + f.repo->bare.string();
  auto started = std::chrono::steady_clock::now();
  auto r = f.cloneUrl(url, key, {"--directory", "src", "--accept-unknown-host-key", "--git-timeout", "3"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO("after " << seconds << " s");
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("did not finish within --git-timeout 3 s") != std::string::npos);
  CHECK(seconds >= 2.9);
  CHECK(seconds < 8);
  CHECK_FALSE(fs::exists(f.wd / "src"));
}
