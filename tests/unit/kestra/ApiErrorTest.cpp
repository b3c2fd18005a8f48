#include <catch2/catch_test_macros.hpp>

#include <sstream>

#include "kestra/ApiError.h"
#include "runtime/Console.h"

using kcicd::kestra::parseApiError;

TEST_CASE("ApiError reads Micronaut JsonError message and embedded errors", "[ApiError]") {
  auto e = parseApiError(422, "Unprocessable Entity",
                         R"({"message":"Invalid entity: flow.namespace: Flow namespace is invalid",)"
                         R"("_links":{"self":{"href":"/api/v1/main/flows/prod","templated":false}},)"
                         R"("_embedded":{"errors":[{"message":"Flow namespace is invalid","path":"flow.namespace"},)"
                         R"({"message":"must not be empty","path":"flow.tasks"}]}})");
  CHECK(e.status == 422);
  CHECK(e.message == "Invalid entity: flow.namespace: Flow namespace is invalid");
  REQUIRE(e.errors.size() == 2);
  CHECK(e.errors[0] == "flow.namespace: Flow namespace is invalid");
  CHECK(e.errors[1] == "flow.tasks: must not be empty");
  // The summary does not repeat what the message already says.
  CHECK(e.summary() == "Invalid entity: flow.namespace: Flow namespace is invalid; flow.tasks: must not be empty");
}

TEST_CASE("ApiError reads RFC 9457 problem+json detail, then title, and errors", "[ApiError]") {
  auto e = parseApiError(422, "Unprocessable Entity",
                         R"({"type":"https://kestra.io/docs/api-reference/problems/invalid-entity","title":"Invalid entity",)"
                         R"("status":422,"detail":"The flow is invalid","errors":[{"detail":"must not be null","path":"id"}]})");
  CHECK(e.message == "The flow is invalid");
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0] == "id: must not be null");

  auto titleOnly = parseApiError(401, "Unauthorized", R"({"type":"x","title":"Authentication required","status":401})");
  CHECK(titleOnly.message == "Authentication required");
}

TEST_CASE("ApiError falls back to plain text, then to the reason phrase", "[ApiError]") {
  CHECK(parseApiError(502, "Bad Gateway", "upstream\nconnect error\n").message == "upstream connect error");
  CHECK(parseApiError(401, "Unauthorized", "").message == "Unauthorized");
  CHECK(parseApiError(500, "Internal Server Error", "   ").message == "Internal Server Error");
  // JSON without a known field is shown as text.
  CHECK(parseApiError(500, "Internal Server Error", R"({"foo":1})").message == R"({"foo":1})");
}

TEST_CASE("a long error body is masked before it is cut: an echoed token never shows its tail", "[ApiError]") {
  // A proxy's error page echoing the request: the Authorization header straddles byte 500, where
  // ApiError used to cut (before the Console could mask the whole token).
  const std::string token = "tok-7f3c9a1e5b2d4c6e8a0f";
  std::string body = std::string(470, 'x') + " Authorization: Bearer " + token + " " + std::string(3000, 'y') +
                     " end of the page";
  kcicd::Masker masker;
  masker.add(token);
  std::ostringstream out, err;
  kcicd::Console console(out, err, masker, false);
  console.err("error: HTTP 502: " + parseApiError(502, "Bad Gateway", body).summary());
  CHECK(err.str().find("tok-") == std::string::npos);
  CHECK(err.str().find("Bearer ******") != std::string::npos);
  // Still cut, after masking, keeping the end of the message.
  CHECK(err.str().size() < 4100);
  CHECK(err.str().find("end of the page") != std::string::npos);
}
