#include "pipeline/LocalFlows.h"

#include <catch2/catch_test_macros.hpp>

using namespace kcicd::pipeline;

namespace {
const std::string kFlow =
    "id: a\nnamespace: prod  # the team's\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
    "triggers:\n  - id: nightly\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 2 * * *\"\n";
}

TEST_CASE("a namespace prefix writes the flows of ns to prefix.ns, rewriting only the namespace value", "[local-flows]") {
  auto local = readLocalFlows({{"prod", "flows/prod/a.yml", kFlow}}, {false, "", "pr-42", false});
  REQUIRE(local.problems.empty());
  REQUIRE(local.flows.size() == 1);
  CHECK(local.flows[0].ns == "pr-42.prod");
  std::string expected = kFlow;
  expected.replace(expected.find("prod  #"), 4, "pr-42.prod");
  CHECK(local.flows[0].source == expected);
  CHECK(targetNamespace("prod", "") == "prod");
  CHECK(targetNamespace("prod", "pr-42") == "pr-42.prod");
}

TEST_CASE("a flow of another namespace is still a problem under a prefix", "[local-flows]") {
  auto local = readLocalFlows({{"dev", "flows/dev/a.yml", kFlow}}, {false, " (hint)", "pr-42", false});
  REQUIRE(local.problems.size() == 1);
  CHECK(local.problems[0].message == "flow 'a' has namespace 'prod', not 'dev' (hint)");
  CHECK(local.flows.empty());
}

TEST_CASE("disabling triggers writes every trigger disabled, and refuses what it cannot edit", "[local-flows]") {
  auto local = readLocalFlows({{"prod", "a.yml", kFlow}}, {false, "", "", true});
  REQUIRE(local.problems.empty());
  CHECK(local.flows[0].source.find("  - disabled: true\n    id: nightly\n") != std::string::npos);
  CHECK(local.flows[0].ns == "prod");

  auto bad = readLocalFlows({{"prod", "b.yml", "id: b\nnamespace: prod\ntriggers: nightly\n"}}, {false, "", "", true});
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].message.find("cannot disable its triggers (--disable-triggers)") != std::string::npos);
}
