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

TEST_CASE("provider auto: signature format first, then the payload", "[webhook][provider]") {
  const std::string github = webhookFixture("github-push.json");
  const std::string gitlab = webhookFixture("gitlab-push.json");
  CHECK(detectProvider(github, "sha256=00") == Provider::GitHub);
  CHECK(detectProvider(gitlab, " sha256=00") == Provider::GitHub);  // the signature format wins
  CHECK(detectProvider(github, "sha1=00") == Provider::GitHub);
  CHECK(detectProvider(gitlab, "my-token") == Provider::GitLab);
  CHECK(detectProvider(gitlab, "") == Provider::GitLab);
  CHECK(detectProvider(github, "") == Provider::GitHub);  // repository.clone_url
  CHECK(detectProvider(webhookFixture("github-ping.json"), "") == Provider::GitHub);
  CHECK(detectProvider(webhookFixture("github-push-form.txt"), "") == Provider::GitHub);
  CHECK_FALSE(detectProvider("{}", "token").has_value());
  CHECK_FALSE(detectProvider("not json", "").has_value());
  CHECK_FALSE(detectProvider("[1]", "").has_value());
}
