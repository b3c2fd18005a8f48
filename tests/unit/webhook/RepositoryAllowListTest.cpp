#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "webhook/RepositoryAllowList.h"

using namespace kcicd::webhook;
using List = std::vector<std::string>;

TEST_CASE("repository URLs are normalised: scheme/host case, trailing .git and slash", "[webhook][repo]") {
  CHECK(normalizeRepositoryUrl("HTTPS://GitHub.COM/Octo-Org/Flows.git") == "https://github.com/Octo-Org/Flows");
  CHECK(normalizeRepositoryUrl("https://github.com/octo-org/flows/") == "https://github.com/octo-org/flows");
  CHECK(normalizeRepositoryUrl("https://github.com/octo-org/flows.git/") == "https://github.com/octo-org/flows");
  CHECK(normalizeRepositoryUrl("git@GitHub.com:octo-org/flows.git") == "git@github.com:octo-org/flows");
  CHECK(normalizeRepositoryUrl("ssh://Git@GITLAB.example.com:2222/data/flows.git") ==
        "ssh://Git@gitlab.example.com:2222/data/flows");
  CHECK(normalizeRepositoryUrl("  https://h/x.git \n") == "https://h/x");
}

TEST_CASE("an exact --repo accepts the same repository written differently", "[webhook][repo]") {
  List repos{"https://GITHUB.com/octo-org/kestra-flows/"};
  CHECK(repositoryAllowed("https://github.com/octo-org/kestra-flows.git", repos, {}));
  CHECK(repositoryAllowed("https://github.com/octo-org/kestra-flows", repos, {}));
  CHECK_FALSE(repositoryAllowed("https://github.com/octo-org/kestra-flows-fork.git", repos, {}));
  CHECK_FALSE(repositoryAllowed("https://github.com/Octo-Org/kestra-flows.git", repos, {}));  // path keeps case
  CHECK_FALSE(repositoryAllowed("http://github.com/octo-org/kestra-flows.git", repos, {}));   // scheme matters
  CHECK_FALSE(repositoryAllowed("https://evil.example/octo-org/kestra-flows.git", repos, {}));
  CHECK_FALSE(repositoryAllowed("", repos, {}));
  CHECK_FALSE(repositoryAllowed("https://github.com/octo-org/kestra-flows.git", {}, {}));
}

TEST_CASE("allow-repo globs", "[webhook][repo]") {
  List patterns{"https://github.com/my-org/*"};
  CHECK(repositoryAllowed("https://github.com/my-org/flows.git", {}, patterns));
  CHECK(repositoryAllowed("https://GitHub.com/my-org/other", {}, patterns));
  CHECK_FALSE(repositoryAllowed("https://github.com/my-org-evil/flows.git", {}, patterns));
  CHECK_FALSE(repositoryAllowed("https://github.com/my-org/group/flows.git", {}, patterns));  // '*' stops at '/'
  CHECK_FALSE(repositoryAllowed("https://github.com/other/flows.git", {}, patterns));
  CHECK_FALSE(repositoryAllowed("https://github.com/my-org", {}, patterns));
  CHECK(repositoryAllowed("https://gitlab.example.com/data/sub/flows.git", {}, {"https://gitlab.example.com/data/**"}));
  CHECK(repositoryAllowed("git@github.com:my-org/flows.git", {}, {"git@github.com:my-org/*"}));
  CHECK(repositoryAllowed("https://github.com/my-org/flows-1", {}, {"https://github.com/my-org/flows-?"}));
}

TEST_CASE("globMatch: wildcards never cross '/', '@', '?' or '#'", "[webhook][repo]") {
  CHECK(globMatch("", ""));
  CHECK_FALSE(globMatch("", "a"));
  CHECK(globMatch("*", ""));
  CHECK(globMatch("a*c", "abbbc"));
  CHECK_FALSE(globMatch("a*c", "ab/bc"));
  CHECK(globMatch("a**c", "ab/bc"));
  CHECK_FALSE(globMatch("https://*.example.com/x", "https://user@evil.example.com/x"));
  CHECK_FALSE(globMatch("https://h/org/*", "https://h/org/x?y"));
  CHECK_FALSE(globMatch("?", "/"));
  // Many stars against a long non-matching text finish at once (no exponential backtracking).
  CHECK_FALSE(globMatch(std::string(60, '*') + "b", std::string(5000, 'a')));
}
