#include <catch2/catch_test_macros.hpp>

#include "runtime/Base64.h"
#include "runtime/Errors.h"
#include "runtime/Secrets.h"

using namespace kcicd;

TEST_CASE("base64 round trip and Java-decoder rules", "[secrets]") {
  CHECK(base64::encode("") == "");
  CHECK(base64::encode("f") == "Zg==");
  CHECK(base64::encode("fo") == "Zm8=");
  CHECK(base64::encode("foo") == "Zm9v");
  CHECK(base64::decode("Zm9vYmFy") == std::optional<std::string>("foobar"));
  CHECK(base64::decode("Zg==") == std::optional<std::string>("f"));
  CHECK(base64::decode("Zg") == std::optional<std::string>("f"));  // padding optional
  CHECK_FALSE(base64::decode("Zm9v YmFy").has_value());             // whitespace is not base64
  CHECK_FALSE(base64::decode("Z").has_value());                     // under 8 bits
  CHECK_FALSE(base64::decode("Zm9v!").has_value());
  CHECK_FALSE(base64::decode("Z===").has_value());
  std::string binary("\x00\xff\x10\x80", 4);
  CHECK(base64::decode(base64::encode(binary)) == std::optional<std::string>(binary));
}

TEST_CASE("a credential comes from NAME first, then SECRET_NAME (base64, line breaks ignored)", "[secrets]") {
  Masker masker;
  SECTION("direct variable") {
    MapEnvironment env({{"KESTRA_API_TOKEN", "tok-direct"}, {"SECRET_KESTRA_API_TOKEN", base64::encode("tok-b64")}});
    SecretResolver resolver(env, masker);
    CHECK(resolver.get(secrets::KestraApiToken) == std::optional<std::string>("tok-direct"));
  }
  SECTION("SECRET_ fallback with Kestra's line-wrapped base64") {
    std::string encoded = base64::encode("a-rather-long-git-token-value-1234567890");
    encoded.insert(20, "\n");
    encoded += "\r\n";
    MapEnvironment env({{"SECRET_GIT_PASSWORD", encoded}});
    SecretResolver resolver(env, masker);
    CHECK(resolver.get(secrets::GitPassword) == std::optional<std::string>("a-rather-long-git-token-value-1234567890"));
  }
  SECTION("missing") {
    MapEnvironment env;
    SecretResolver resolver(env, masker);
    CHECK_FALSE(resolver.get(secrets::WebhookSecret).has_value());
  }
  SECTION("empty direct value falls back to SECRET_") {
    MapEnvironment env({{"WEBHOOK_SECRET", ""}, {"SECRET_WEBHOOK_SECRET", base64::encode("hook")}});
    SecretResolver resolver(env, masker);
    CHECK(resolver.get(secrets::WebhookSecret) == std::optional<std::string>("hook"));
  }
}

TEST_CASE("a malformed SECRET_ variable is named, its value never shown", "[secrets]") {
  Masker masker;
  MapEnvironment env({{"SECRET_KESTRA_PASSWORD", "not base64 at all!!"}});
  SecretResolver resolver(env, masker);
  resolver.preload();  // preloading does not fail: only using the credential does
  try {
    (void)resolver.get(secrets::KestraPassword);
    FAIL("expected a UsageError");
  } catch (const UsageError& e) {
    std::string message = e.what();
    CHECK(message.find("SECRET_KESTRA_PASSWORD") != std::string::npos);
    CHECK(message.find("not base64 at all") == std::string::npos);
    CHECK(e.code() == ExitCode::Usage);
  }
}

TEST_CASE("resolved secrets are registered for masking, user names are not", "[secrets]") {
  Masker masker;
  MapEnvironment env({{"SECRET_GIT_PASSWORD", base64::encode("hunter2-token")},
                      {"GIT_USERNAME", "git"},
                      {"KESTRA_USER", "admin@kestra.io:s3cr3t-pass"}});
  SecretResolver resolver(env, masker);
  resolver.preload();
  std::string text = masker.mask("git clone with hunter2-token by admin@kestra.io:s3cr3t-pass raw " +
                                 base64::encode("hunter2-token"));
  CHECK(text.find("hunter2-token") == std::string::npos);
  CHECK(text.find("s3cr3t-pass") == std::string::npos);
  CHECK(text.find(base64::encode("hunter2-token")) == std::string::npos);
  CHECK(text.find("git clone") != std::string::npos);
  CHECK(text.find("admin@kestra.io") != std::string::npos);
}

TEST_CASE("a short secret is named once in a warning, given when a sink is set", "[secrets]") {
  Masker masker;
  MapEnvironment env({{"KESTRA_PASSWORD", "abc1"}, {"KESTRA_API_TOKEN", "a-long-enough-token"}});
  SecretResolver resolver(env, masker);
  resolver.preload();
  resolver.addFlagValue("xyz", "--api-token");
  resolver.addFlagValue("xyz", "--api-token");
  std::vector<std::string> warnings;
  resolver.onWarning([&](const std::string& message) { warnings.push_back(message); });
  resolver.addFlagValue("k9", "--header X-Key");
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0].rfind("KESTRA_PASSWORD is shorter than 8 characters", 0) == 0);
  CHECK(warnings[1].rfind("--api-token is shorter", 0) == 0);
  CHECK(warnings[2].rfind("--header X-Key is shorter", 0) == 0);
  for (const auto& w : warnings) CHECK(w.find("abc1") == std::string::npos);
  CHECK(masker.mask("pw abc1, token a-long-enough-token") == "pw ******, token ******");
}
