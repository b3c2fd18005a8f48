#include <catch2/catch_test_macros.hpp>

#include "git/RemoteUrl.h"
#include "runtime/Errors.h"

using namespace kcicd::git;

TEST_CASE("https URLs lose their user-info in the URL given to libgit2", "[git][url]") {
  auto r = parseRemoteUrl("https://bob:s3cr3t@example.com:8443/org/repo.git");
  CHECK(r.transport == Transport::Https);
  CHECK(r.user == "bob");
  CHECK(r.password == "s3cr3t");
  CHECK(r.host == "example.com");
  CHECK(r.port == 8443);
  CHECK(r.path == "/org/repo.git");
  CHECK(r.withoutPassword == "https://example.com:8443/org/repo.git");
  CHECK(r.supportsShallow());
}

TEST_CASE("ssh URLs keep the user and know their port", "[git][url]") {
  auto scp = parseRemoteUrl("git@github.com:org/repo.git");
  CHECK(scp.transport == Transport::Ssh);
  CHECK(scp.user == "git");
  CHECK(scp.host == "github.com");
  CHECK(scp.effectivePort() == 22);
  CHECK_FALSE(scp.supportsShallow());
  auto full = parseRemoteUrl("ssh://git@127.0.0.1:2222/srv/repo.git");
  CHECK(full.transport == Transport::Ssh);
  CHECK(full.effectivePort() == 2222);
  CHECK(full.withoutPassword == "ssh://git@127.0.0.1:2222/srv/repo.git");
}

TEST_CASE("git://, file:// and plain paths are recognised", "[git][url]") {
  CHECK(parseRemoteUrl("git://127.0.0.1:9418/repo.git").transport == Transport::Git);
  CHECK(parseRemoteUrl("git://127.0.0.1/repo.git").effectivePort() == 9418);
  CHECK(parseRemoteUrl("file:///srv/repo.git").transport == Transport::Local);
  CHECK(parseRemoteUrl("/srv/repo.git").transport == Transport::Local);
  CHECK(parseRemoteUrl("./repo").transport == Transport::Local);
}

TEST_CASE("malformed URLs and unsupported schemes are usage errors that hide the password", "[git][url]") {
  CHECK_THROWS_AS(parseRemoteUrl("ftp://example.com/repo.git"), kcicd::UsageError);
  CHECK_THROWS_AS(parseRemoteUrl("https:///repo.git"), kcicd::UsageError);
  CHECK_THROWS_AS(parseRemoteUrl("https://example.com:99999/repo.git"), kcicd::UsageError);
  CHECK_THROWS_AS(parseRemoteUrl("https://example.com"), kcicd::UsageError);
  CHECK_THROWS_AS(parseRemoteUrl(""), kcicd::UsageError);
  CHECK_THROWS_AS(parseRemoteUrl("https://exa mple.com/r"), kcicd::UsageError);
  try {
    parseRemoteUrl("gopher://bob:hunter2@example.com/repo");
    FAIL("no error");
  } catch (const kcicd::UsageError& e) {
    std::string message = e.what();
    CHECK(message.find("gopher") != std::string::npos);
    CHECK(message.find("hunter2") == std::string::npos);
  }
}
