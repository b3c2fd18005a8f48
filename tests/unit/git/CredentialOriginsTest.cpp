// Where Git credentials may go: the repository's origin (scheme, host, port) and the origins allowed
// with --git-credential-origin; never plain HTTP under an HTTPS repository.
#include <catch2/catch_test_macros.hpp>

#include "git/CredentialOrigins.h"
#include "runtime/Errors.h"

using namespace kcicd::git;

namespace {
Origin origin(const std::string& url) { return originOf(parseRemoteUrl(url)); }
}  // namespace

TEST_CASE("origins compare scheme, lower-cased host and effective port", "[git][credentials]") {
  CHECK(origin("https://Git.Example.com/a.git") == origin("https://git.example.com:443/b.git"));
  CHECK_FALSE(origin("https://git.example.com/a.git") == origin("https://git.example.com:8443/a.git"));
  CHECK_FALSE(origin("https://git.example.com/a.git") == origin("http://git.example.com/a.git"));
  CHECK(origin("git@git.example.com:team/a.git") == origin("ssh://git.example.com/team/a.git"));
  CHECK(origin("http://127.0.0.1:8080/git/r.git").toString() == "http://127.0.0.1:8080");
  CHECK(origin("https://git.example.com/r.git").toString() == "https://git.example.com");
  CHECK(origin("https://[::1]:8443/r.git").toString() == "https://[::1]:8443");
}

TEST_CASE("credentials go to the repository's origin only, unless more are allowed", "[git][credentials]") {
  CredentialOrigins only(parseRemoteUrl("https://git.example.com/team/repo.git"), {});
  CHECK_FALSE(only.refusal(origin("https://git.example.com/other.git")));
  auto elsewhere = only.refusal(origin("https://evil.example.net/x.git"));
  REQUIRE(elsewhere);
  CHECK(elsewhere->find("https://evil.example.net") != std::string::npos);
  CHECK(elsewhere->find("--git-credential-origin") != std::string::npos);
  CHECK(only.refusal(origin("https://git.example.com:8443/x.git")));  // another port is another origin
  CHECK(only.refusal(origin("ssh://git.example.com/x.git")));

  CredentialOrigins more(parseRemoteUrl("https://git.example.com/team/repo.git"),
                         {"https://mirror.example.net", "ssh://git@ssh.example.net:2222", "http://plain.example.net"});
  CHECK_FALSE(more.refusal(origin("https://MIRROR.example.net/lib.git")));
  CHECK_FALSE(more.refusal(origin("ssh://git@ssh.example.net:2222/lib.git")));
  CHECK(more.refusal(origin("ssh://git@ssh.example.net/lib.git")));
}

TEST_CASE("credentials never go over plain HTTP when the repository is HTTPS", "[git][credentials]") {
  CredentialOrigins https(parseRemoteUrl("https://git.example.com/repo.git"), {"http://git.example.com"});
  auto why = https.refusal(origin("http://git.example.com/repo.git"));
  REQUIRE(why);
  CHECK(why->find("plain HTTP") != std::string::npos);
  // An HTTP repository's own origin is its choice.
  CredentialOrigins http(parseRemoteUrl("http://git.example.com/repo.git"), {});
  CHECK_FALSE(http.refusal(origin("http://git.example.com/r.git")));
}

TEST_CASE("git-credential-origin values are checked and named", "[git][credentials]") {
  CHECK(parseOrigin("https://h.example", "--git-credential-origin") == origin("https://h.example/x"));
  CHECK(parseOrigin("http://h.example:81/", "--git-credential-origin") == origin("http://h.example:81/x"));
  CHECK(parseOrigin("git@h.example:org/r.git", "--git-credential-origin") == origin("ssh://h.example/x"));
  for (const char* bad : {"file:///tmp/x", "/tmp/x", "git://h.example", "ftp://h.example", "https://"}) {
    INFO(bad);
    try {
      parseOrigin(bad, "--git-credential-origin");
      FAIL("accepted");
    } catch (const kcicd::UsageError& e) {
      CHECK(std::string(e.what()).find("--git-credential-origin") != std::string::npos);
    }
  }
}
