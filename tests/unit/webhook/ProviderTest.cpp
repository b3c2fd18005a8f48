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
