#include <catch2/catch_test_macros.hpp>

#include "pipeline/FlowPlan.h"
#include "pipeline/LocalFlows.h"

using namespace kcicd::pipeline;

TEST_CASE("Two files defining the same flow are refused, naming both", "[FlowPlan]") {
  std::vector<LocalFlow> flows{{"prod", "a", "flows/prod/a.yml", 1, "id: a"},
                               {"prod", "b", "flows/prod/b.yml", 1, "id: b"},
                               {"prod", "a", "flows/prod/copy.yml", 3, "id: a"},
                               {"dev", "a", "flows/dev/a.yml", 1, "id: a"}};
  auto problems = duplicateFlows(flows);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == "flows/prod/copy.yml");
  CHECK(problems[0].line == 3);
  CHECK(problems[0].message == "flow 'prod.a' is also defined in flows/prod/a.yml:1 (each would overwrite the other)");
}

TEST_CASE("A flow with a line starting with --- is refused at its file line", "[FlowPlan]") {
  std::vector<LocalFlow> flows{{"prod", "a", "flows/prod/a.yml", 5, "id: a\nnamespace: prod\n-----\n"}};
  auto problems = flowsCutByValidate(flows);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 7);
  CHECK(problems[0].message.find("would be cut in two") != std::string::npos);
}

TEST_CASE("readLocalFlows: one flow per document, namespaces checked or rewritten", "[LocalFlows]") {
  std::vector<FlowFile> files{{"prod", "f.yml", "id: a\nnamespace: prod\n---\nid: b\nnamespace: dev # moved\n"}};
  auto strict = readLocalFlows(files, {false, " (hint)", "", false});
  REQUIRE(strict.flows.size() == 1);
  CHECK(strict.flows[0].id == "a");
  REQUIRE(strict.problems.size() == 1);
  CHECK(strict.problems[0].line == 4);
  CHECK(strict.problems[0].message == "flow 'b' has namespace 'dev', not 'prod' (hint)");

  auto rewritten = readLocalFlows(files, {true, "", "", false});
  REQUIRE(rewritten.problems.empty());
  REQUIRE(rewritten.flows.size() == 2);
  CHECK(rewritten.flows[1].source == "id: b\nnamespace: prod # moved\n");
  CHECK(rewritten.flows[0].source == "id: a\nnamespace: prod\n");

  auto notAFlow = readLocalFlows({{"prod", "g.yml", "- just\n- a list\n"}}, {});
  REQUIRE(notAFlow.problems.size() == 1);
  CHECK(notAFlow.problems[0].message.find("not a flow") == 0);
}
