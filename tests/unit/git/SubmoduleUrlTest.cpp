// Submodule URLs under a remote parent: git's protocol.file.allow=user and protocol.ext.allow=never.
#include <catch2/catch_test_macros.hpp>

#include "git/SubmoduleUrl.h"

using namespace kcicd::git;

TEST_CASE("a remote parent's submodules may not be on the local disk or run ext::", "[git][submodule]") {
  auto remote = parseRemoteUrl("https://git.example.com/team/repo.git");
  CHECK_FALSE(submoduleUrlRefusal(remote, "../lib.git", "https://git.example.com/team/lib.git"));
  CHECK_FALSE(submoduleUrlRefusal(remote, "git@other.example:lib.git", "git@other.example:lib.git"));
  for (const char* local : {"file:///srv/secret.git", "/srv/secret.git", "secret"}) {
    INFO(local);
    auto why = submoduleUrlRefusal(remote, local, local);
    REQUIRE(why);
    CHECK(why->find("disk") != std::string::npos);
    CHECK(why->find("protocol.file.allow") != std::string::npos);
  }
  auto ext = submoduleUrlRefusal(remote, "ext::sh -c touch% /tmp/pwned", "ext::sh -c touch% /tmp/pwned");
  REQUIRE(ext);
  CHECK(ext->find("ext::") != std::string::npos);
}

TEST_CASE("a local parent's submodules may be local; ext:: is refused everywhere", "[git][submodule]") {
  auto local = parseRemoteUrl("/srv/repo.git");
  CHECK_FALSE(submoduleUrlRefusal(local, "../lib.git", "/srv/lib.git"));
  CHECK_FALSE(submoduleUrlRefusal(local, "file:///srv/lib.git", "file:///srv/lib.git"));
  CHECK(submoduleUrlRefusal(local, "ext::git %S /x", "ext::git %S /x"));
  CHECK(submoduleUrlRefusal(parseRemoteUrl("file:///srv/repo.git"), "fd::3", "fd::3"));
}
