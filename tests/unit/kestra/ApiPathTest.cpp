#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "kestra/ApiPath.h"
#include "runtime/Errors.h"

using namespace kcicd::kestra;

TEST_CASE("API paths carry the tenant, or none for Kestra <= 0.22", "[ApiPath]") {
  CHECK(apiPath("main", {"flows", "validate"}) == "/api/v1/main/flows/validate");
  CHECK(apiPath(std::nullopt, {"flows", "validate"}) == "/api/v1/flows/validate");
  CHECK(apiPath("acme", {"flows", "company.team", "hello-world"}) == "/api/v1/acme/flows/company.team/hello-world");
}

TEST_CASE("Path segments are percent-encoded", "[ApiPath]") {
  CHECK(encodePathSegment("company.team_a-b~c") == "company.team_a-b~c");
  CHECK(encodePathSegment("a b/c?d#e%") == "a%20b%2Fc%3Fd%23e%25");
  CHECK(encodePathSegment("é") == "%C3%A9");
  CHECK(apiPath("my tenant", {"flows", "ns/../x"}) == "/api/v1/my%20tenant/flows/ns%2F..%2Fx");
}

TEST_CASE("Query strings are built in order and encoded", "[ApiPath]") {
  CHECK(queryString({}).empty());
  CHECK(queryString({{"override", "false"}, {"delete", "true"}}) == "?override=false&delete=true");
  CHECK(queryString({{"q", "a&b=c"}}) == "?q=a%26b%3Dc");
}

TEST_CASE("Dot and empty segments never reach a path, in the tenant or a name", "[ApiPath]") {
  for (std::string bad : {"..", ".", ""}) {
    INFO("segment '" + bad + "'");
    CHECK_THROWS_WITH(apiPath("main", {"flows", bad, "a"}), "'" + bad + "' cannot be a name in a Kestra API path");
    CHECK_THROWS_AS(apiPath(bad, {"flows"}), kcicd::UsageError);
  }
  CHECK(apiPath("main", {"flows", "..a", "a.."}) == "/api/v1/main/flows/..a/a..");  // not dot segments
}
