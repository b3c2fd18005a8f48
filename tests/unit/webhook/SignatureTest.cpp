#include <catch2/catch_test_macros.hpp>
#include <string>

#include "Fixtures.h"
#include "webhook/Signature.h"

using namespace kcicd::webhook;

TEST_CASE("GitHub's documented HMAC test vector", "[webhook][signature]") {
  // docs.github.com, "Validating webhook deliveries", "Testing the webhook payload validation".
  const std::string secret = "It's a Secret to Everybody";
  const std::string expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(githubSignature("Hello, World!", secret) == expected);
  CHECK(verifySignature(Provider::GitHub, "Hello, World!", expected, secret) == SignatureStatus::Valid);
  CHECK(verifySignature(Provider::GitHub, "Hello, World!", expected, "another secret") == SignatureStatus::Mismatch);
}

TEST_CASE("a GitHub signature over a fixture's raw bytes", "[webhook][signature]") {
  const std::string secret = "kestra-flows-hook-7f3a";
  const std::string body = kcicd::test::webhookFixture("github-push.json");
  const std::string signature = githubSignature(body, secret);
  REQUIRE(signature.size() == 7 + 64);

  CHECK(verifySignature(Provider::GitHub, body, signature, secret) == SignatureStatus::Valid);
  SECTION("header value with surrounding whitespace (HTTP trims it)") {
    CHECK(verifySignature(Provider::GitHub, body, "  " + signature + "\r\n", secret) == SignatureStatus::Valid);
  }
  SECTION("missing") {
    CHECK(verifySignature(Provider::GitHub, body, "", secret) == SignatureStatus::Missing);
    CHECK(verifySignature(Provider::GitHub, body, " \n", secret) == SignatureStatus::Missing);
  }
  SECTION("signed with another secret") {
    CHECK(verifySignature(Provider::GitHub, body, githubSignature(body, secret + "x"), secret) ==
          SignatureStatus::Mismatch);
  }
  SECTION("body modified by one byte") {
    for (size_t at : {size_t{0}, body.size() / 2, body.size() - 1}) {
      std::string changed = body;
      changed[at] = static_cast<char>(changed[at] ^ 0x01);
      CHECK(verifySignature(Provider::GitHub, changed, signature, secret) == SignatureStatus::Mismatch);
    }
    CHECK(verifySignature(Provider::GitHub, body + " ", signature, secret) == SignatureStatus::Mismatch);
  }
  SECTION("wrong prefix: legacy sha1=, upper-case SHA256=, bare hex") {
    std::string hex = signature.substr(7);
    CHECK(verifySignature(Provider::GitHub, body, "sha1=" + hex, secret) == SignatureStatus::WrongPrefix);
    CHECK(verifySignature(Provider::GitHub, body, "SHA256=" + hex, secret) == SignatureStatus::WrongPrefix);
    CHECK(verifySignature(Provider::GitHub, body, hex, secret) == SignatureStatus::WrongPrefix);
  }
  SECTION("upper-case hex digits are the same digest and are accepted") {
    std::string upper = signature;
    for (size_t i = 7; i < upper.size(); ++i)
      if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
    REQUIRE(upper != signature);
    CHECK(verifySignature(Provider::GitHub, body, upper, secret) == SignatureStatus::Valid);
  }
  SECTION("malformed hex: too short, too long, not hex") {
    CHECK(verifySignature(Provider::GitHub, body, signature.substr(0, signature.size() - 2), secret) ==
          SignatureStatus::Malformed);
    CHECK(verifySignature(Provider::GitHub, body, signature + "00", secret) == SignatureStatus::Malformed);
    std::string bad = signature;
    bad[10] = 'g';
    CHECK(verifySignature(Provider::GitHub, body, bad, secret) == SignatureStatus::Malformed);
    CHECK(verifySignature(Provider::GitHub, body, "sha256=", secret) == SignatureStatus::Malformed);
  }
}

TEST_CASE("a GitLab token is compared with the secret itself", "[webhook][signature]") {
  const std::string body = kcicd::test::webhookFixture("gitlab-push.json");
  CHECK(verifySignature(Provider::GitLab, body, "gl-token-0d9c", "gl-token-0d9c") == SignatureStatus::Valid);
  CHECK(verifySignature(Provider::GitLab, body, "gl-token-0d9d", "gl-token-0d9c") == SignatureStatus::Mismatch);
  CHECK(verifySignature(Provider::GitLab, body, "gl-token-0d9", "gl-token-0d9c") == SignatureStatus::Mismatch);
  CHECK(verifySignature(Provider::GitLab, body, "", "gl-token-0d9c") == SignatureStatus::Missing);
  // A GitHub-style HMAC is not a GitLab token, even when computed with the right secret.
  CHECK(verifySignature(Provider::GitLab, body, githubSignature(body, "gl-token-0d9c"), "gl-token-0d9c") ==
        SignatureStatus::Mismatch);
}

TEST_CASE("signature messages say which header to pass and why a GitHub HMAC fails", "[webhook][signature]") {
  for (auto status : {SignatureStatus::Missing, SignatureStatus::WrongPrefix, SignatureStatus::Malformed,
                      SignatureStatus::Mismatch}) {
    CHECK_FALSE(describe(status, Provider::GitHub).empty());
  }
  CHECK(describe(SignatureStatus::Missing, Provider::GitHub).find("X-Hub-Signature-256") != std::string::npos);
  CHECK(describe(SignatureStatus::Missing, Provider::GitLab).find("X-Gitlab-Token") != std::string::npos);
  CHECK(describe(SignatureStatus::Mismatch, Provider::GitHub).find("fetchType: STORE") != std::string::npos);
}
