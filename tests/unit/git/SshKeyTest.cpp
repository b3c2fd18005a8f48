#include <catch2/catch_test_macros.hpp>

#include "Process.h"
#include "git/SshKey.h"

using namespace kcicd::git;
using namespace kcicd::test;

namespace {
std::string keygen(const TempDir& dir, const std::string& name, std::vector<std::string> extra) {
  std::vector<std::string> argv{"ssh-keygen", "-q", "-f", (dir / name).string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  REQUIRE(run(argv).exitCode == 0);
  return readFile(dir / name);
}
}  // namespace

TEST_CASE("key formats and encryption are recognised from ssh-keygen output", "[git][sshkey]") {
  TempDir dir;
  auto openssh = keygen(dir, "o", {"-t", "ed25519", "-N", ""});
  auto opensshEncrypted = keygen(dir, "oe", {"-t", "ed25519", "-N", "pass phrase"});
  auto pem = keygen(dir, "p", {"-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", ""});
  auto pemEncrypted = keygen(dir, "pe", {"-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "pass phrase"});
  auto pkcs8 = keygen(dir, "p8", {"-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", ""});
  CHECK(sshKeyFormat(openssh) == SshKeyFormat::OpenSsh);
  CHECK(sshKeyFormat(pem) == SshKeyFormat::Pem);
  CHECK(sshKeyFormat(pkcs8) == SshKeyFormat::Pkcs8);
  CHECK(sshKeyFormat("/home/me/.ssh/id_rsa") == SshKeyFormat::Unknown);
  CHECK_FALSE(sshKeyEncrypted(openssh));
  CHECK(sshKeyEncrypted(opensshEncrypted));
  CHECK_FALSE(sshKeyEncrypted(pem));
  CHECK(sshKeyEncrypted(pemEncrypted));
  CHECK_FALSE(sshKeyEncrypted(pkcs8));
  auto opensshRsa = keygen(dir, "or", {"-t", "rsa", "-b", "2048", "-N", "secret phrase"});
  CHECK(sshKeyIsRsa(opensshRsa));
  CHECK(sshKeyIsRsa(pemEncrypted));
  CHECK_FALSE(sshKeyIsRsa(openssh));
  CHECK_FALSE(sshKeyIsRsa(pem));
}
