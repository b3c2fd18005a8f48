#include <catch2/catch_test_macros.hpp>

#include "kestra/ApiError.h"

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
  std::string html(2000, 'x');
  auto longBody = parseApiError(503, "Service Unavailable", html);
  CHECK(longBody.message.size() < 600);
  CHECK(longBody.message.find("…") != std::string::npos);
}
