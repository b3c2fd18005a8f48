// A credential that is empty or only whitespace once decoded is refused, naming its variable: an HMAC keyed
// by an empty WEBHOOK_SECRET verifies a body signed by anyone with the same empty key.
#include <catch2/catch_test_macros.hpp>

#include <map>
#include <string>

#include "runtime/Base64.h"
#include "runtime/Errors.h"
#include "runtime/Secrets.h"

using namespace kcicd;

namespace {

// The UsageError message of resolving WEBHOOK_SECRET in `env`, "" when it resolves.
std::string refusal(std::map<std::string, std::string> vars) {
  Masker masker;
  MapEnvironment env;
  for (const auto& [name, value] : vars) env.set(name, value);
  SecretResolver resolver(env, masker);
  resolver.preload();  // never throws: only using the credential does
  try {
    (void)resolver.get(secrets::WebhookSecret);
    return "";
  } catch (const UsageError& e) {
    CHECK(e.code() == ExitCode::Usage);
    return e.what();
  }
}

}  // namespace

TEST_CASE("SECRET_WEBHOOK_SECRET decoding to nothing or whitespace is refused, naming it", "[secrets]") {
  for (const std::string& decoded : {std::string(""), std::string(" "), std::string("\n"), std::string(" \t\r\n ")}) {
    // base64 of "" is "": use the padding-only and line-break forms Kestra produces for it too.
    for (const std::string& encoded : {base64::encode(decoded), base64::encode(decoded) + "\n"}) {
      if (encoded.empty()) continue;  // an empty variable is "not set", tested below
      INFO("SECRET_WEBHOOK_SECRET=" << encoded);
      std::string message = refusal({{"SECRET_WEBHOOK_SECRET", encoded}});
      CHECK(message.find("SECRET_WEBHOOK_SECRET") != std::string::npos);
      CHECK(message.find("empty or whitespace-only") != std::string::npos);
    }
  }
  CHECK(refusal({{"SECRET_WEBHOOK_SECRET", "\n"}}).find("SECRET_WEBHOOK_SECRET") != std::string::npos);
  CHECK(refusal({{"SECRET_WEBHOOK_SECRET", "\r\n"}}).find("empty or whitespace-only") != std::string::npos);
}

TEST_CASE("WEBHOOK_SECRET of only whitespace is refused, naming it", "[secrets]") {
  std::string message = refusal({{"WEBHOOK_SECRET", "  \t "}});
  CHECK(message.find("WEBHOOK_SECRET") != std::string::npos);
  CHECK(message.find("only whitespace") != std::string::npos);
}

TEST_CASE("a real secret, even with spaces inside, still resolves", "[secrets]") {
  CHECK(refusal({{"SECRET_WEBHOOK_SECRET", base64::encode(" hook secret ")}}).empty());
  CHECK(refusal({{"WEBHOOK_SECRET", "hook"}}).empty());
  CHECK(refusal({{"WEBHOOK_SECRET", ""}}).empty());  // not set: the command says WEBHOOK_SECRET is missing
}
