// known_hosts parsing checked against files written and hashed by OpenSSH's own ssh-keygen.
#include <catch2/catch_test_macros.hpp>

#include <sstream>

#include "Process.h"
#include "git/KnownHosts.h"
#include "runtime/Base64.h"

using namespace kcicd::git;
using namespace kcicd::test;

namespace {

struct PublicKey {
  std::string type, base64, blob;
};

PublicKey makeKey(const TempDir& dir, const std::string& name, const std::string& type) {
  auto r = run({"ssh-keygen", "-q", "-t", type, "-N", "", "-f", (dir / name).string()});
  REQUIRE(r.exitCode == 0);
  std::stringstream pub(readFile(dir / (name + ".pub")));
  PublicKey key;
  pub >> key.type >> key.base64;
  key.blob = kcicd::base64::decode(key.base64).value();
  return key;
}

}  // namespace

TEST_CASE("plain entries match by host name and [host]:port", "[git][known_hosts]") {
  TempDir dir;
  auto key = makeKey(dir, "k", "ed25519");
  auto hosts = KnownHosts::parse("# comment\n\n[127.0.0.1]:2222 " + key.type + " " + key.base64 +
                                 " test\ngit.example.com,10.0.0.1 " + key.type + " " + key.base64 + "\n");
  CHECK(hosts.size() == 2);
  CHECK(hosts.check("127.0.0.1", 2222, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Match);
  CHECK(hosts.check("127.0.0.1", 22, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Unknown);
  CHECK(hosts.check("127.0.0.1", 2223, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Unknown);
  CHECK(hosts.check("10.0.0.1", 22, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Match);
  CHECK(hosts.check("GIT.example.com", 22, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Match);
}

TEST_CASE("a different key of the same type is a mismatch", "[git][known_hosts]") {
  TempDir dir;
  auto known = makeKey(dir, "a", "ed25519");
  auto other = makeKey(dir, "b", "ed25519");
  auto hosts = KnownHosts::parse("host.test " + known.type + " " + known.base64 + "\n");
  CHECK(hosts.check("host.test", 22, "ssh-ed25519", other.blob) == KnownHosts::Verdict::Mismatch);
}

TEST_CASE("a host known under one key type that presents another type is a mismatch, as in OpenSSH",
          "[git][known_hosts]") {
  TempDir dir;
  auto known = makeKey(dir, "a", "ed25519");
  auto ecdsa = makeKey(dir, "c", "ecdsa");
  auto hosts = KnownHosts::parse("host.test " + known.type + " " + known.base64 + "\n");
  CHECK(hosts.check("host.test", 22, ecdsa.type, ecdsa.blob) == KnownHosts::Verdict::Mismatch);
  // Another host, or the same host on another port, is still merely unknown.
  CHECK(hosts.check("other.test", 22, ecdsa.type, ecdsa.blob) == KnownHosts::Verdict::Unknown);
  CHECK(hosts.check("host.test", 2222, ecdsa.type, ecdsa.blob) == KnownHosts::Verdict::Unknown);
  // A host listed under both types matches the one it presents.
  auto both = KnownHosts::parse("host.test " + known.type + " " + known.base64 + "\nhost.test " + ecdsa.type + " " +
                                ecdsa.base64 + "\n");
  CHECK(both.check("host.test", 22, ecdsa.type, ecdsa.blob) == KnownHosts::Verdict::Match);
}

TEST_CASE("hashed entries written by ssh-keygen -H are matched", "[git][known_hosts]") {
  TempDir dir;
  auto key = makeKey(dir, "k", "ecdsa");
  auto rsa = makeKey(dir, "r", "rsa");
  writeFile(dir / "known_hosts", "[127.0.0.1]:2200 " + key.type + " " + key.base64 + "\nsrv.test " + rsa.type +
                                     " " + rsa.base64 + "\n");
  REQUIRE(run({"ssh-keygen", "-H", "-f", (dir / "known_hosts").string()}).exitCode == 0);
  std::string hashed = readFile(dir / "known_hosts");
  REQUIRE(hashed.find("|1|") != std::string::npos);
  REQUIRE(hashed.find("127.0.0.1") == std::string::npos);
  auto hosts = KnownHosts::load(dir / "known_hosts");
  CHECK(hosts.check("127.0.0.1", 2200, key.type, key.blob) == KnownHosts::Verdict::Match);
  CHECK(hosts.check("127.0.0.2", 2200, key.type, key.blob) == KnownHosts::Verdict::Unknown);
  CHECK(hosts.check("srv.test", 22, "ssh-rsa", rsa.blob) == KnownHosts::Verdict::Match);
}

TEST_CASE("wildcards, negations and @revoked follow OpenSSH", "[git][known_hosts]") {
  TempDir dir;
  auto key = makeKey(dir, "k", "ed25519");
  auto bad = makeKey(dir, "b", "ed25519");
  auto hosts = KnownHosts::parse("*.example.com,!evil.example.com " + key.type + " " + key.base64 + "\n" +
                                 "@revoked * " + bad.type + " " + bad.base64 + "\n" +
                                 "@cert-authority *.example.com " + bad.type + " " + bad.base64 + "\n");
  CHECK(hosts.check("git.example.com", 22, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Match);
  CHECK(hosts.check("evil.example.com", 22, "ssh-ed25519", key.blob) == KnownHosts::Verdict::Unknown);
  CHECK(hosts.check("git.example.com", 22, "ssh-ed25519", bad.blob) == KnownHosts::Verdict::Revoked);
}

TEST_CASE("a missing known_hosts file knows no host; fingerprints look like ssh-keygen's", "[git][known_hosts]") {
  TempDir dir;
  CHECK(KnownHosts::load(dir / "absent").size() == 0);
  CHECK(sshFingerprint(std::string(32, '\0')) == "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}
