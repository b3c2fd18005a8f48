#include <catch2/catch_test_macros.hpp>

#include "Fixtures.h"
#include "webhook/Provider.h"

using namespace kcicd::webhook;
using kcicd::test::webhookFixture;

TEST_CASE("provider names", "[webhook][provider]") {
  CHECK(parseProvider("github") == Provider::GitHub);
  CHECK(parseProvider("gitlab") == Provider::GitLab);
  CHECK_FALSE(parseProvider("auto").has_value());
  CHECK(toString(Provider::GitLab) == "gitlab");
}

TEST_CASE("provider auto: the signature's form alone, the body is never read", "[webhook][provider]") {
  CHECK(detectProvider("sha256=00") == Provider::GitHub);
  CHECK(detectProvider(" sha256=00") == Provider::GitHub);
  CHECK(detectProvider("sha1=00") == Provider::GitHub);  // then refused: GitHub's SHA-1 header is not accepted
  CHECK(detectProvider("my-token") == Provider::GitLab);
  CHECK(detectProvider("\tglpat-xyz\r\n") == Provider::GitLab);
  CHECK_FALSE(detectProvider("").has_value());  // nothing to verify
  CHECK_FALSE(detectProvider(" \t\r\n").has_value());
}

TEST_CASE("provider auto: a payload does not change the answer (the former two-argument form)", "[webhook][provider]") {
  const std::string github = webhookFixture("github-push.json");
  const std::string gitlab = webhookFixture("gitlab-push.json");
  CHECK(detectProvider(gitlab, "sha256=00") == Provider::GitHub);
  CHECK(detectProvider(github, "my-token") == Provider::GitLab);
  CHECK_FALSE(detectProvider(github, "").has_value());
  CHECK_FALSE(detectProvider(gitlab, "").has_value());
  // A body that would cost a lot to parse is not looked at.
  const std::string brackets(4u * 1024 * 1024, '[');
  CHECK(detectProvider(brackets, "token") == Provider::GitLab);
}
