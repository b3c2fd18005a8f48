// readFlowIdentity: the top-level `id` and `namespace` of one flow document, nothing for anything else.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "flow/FlowIdentity.h"

using kcicd::flow::readFlowIdentity;

namespace {
bool identifies(const std::string& yaml, const std::string& id, const std::string& ns) {
  auto identity = readFlowIdentity(yaml);
  return identity && identity->id == id && identity->ns == ns;
}
}  // namespace

TEST_CASE("a flow's top-level id and namespace are read", "[FlowIdentity]") {
  CHECK(identifies("id: hello\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n",
                   "hello", "company.team"));
  CHECK(identifies("namespace: prod\nid: a\n", "a", "prod"));  // order does not matter
  CHECK(identifies("# a comment\n---\nid: 'quoted'  # trailing comment\nnamespace: \"prod.sub\"\n", "quoted",
                   "prod.sub"));
  CHECK(identifies("{id: inline, namespace: prod}", "inline", "prod"));
  CHECK(identifies("id: 123\nnamespace: 2024\n", "123", "2024"));  // scalars are read as written
  CHECK(identifies("namespace: &ns prod\nid: a\nlabels:\n  team: *ns\n", "a", "prod"));
  CHECK(identifies("id: a\r\nnamespace: prod\r\n", "a", "prod"));
  CHECK(identifies("id: a\nnamespace: prod\n---\nid: b\nnamespace: dev\n", "a", "prod"));  // the first document
}

TEST_CASE("ids of tasks, triggers or nested maps are not the flow's", "[FlowIdentity]") {
  CHECK_FALSE(readFlowIdentity("namespace: prod\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n"));
  CHECK_FALSE(readFlowIdentity("id: a\nlabels:\n  namespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("flow:\n  id: a\n  namespace: prod\n"));
}

TEST_CASE("a missing, empty or non-scalar id or namespace gives nothing", "[FlowIdentity]") {
  CHECK_FALSE(readFlowIdentity("id: a\n"));
  CHECK_FALSE(readFlowIdentity("namespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("id: \"\"\nnamespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("id: a\nnamespace: ''\n"));
  CHECK_FALSE(readFlowIdentity("id:\nnamespace: prod\n"));  // null
  CHECK_FALSE(readFlowIdentity("id: ~\nnamespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("id: [a, b]\nnamespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("id: a\nnamespace:\n  name: prod\n"));
}

TEST_CASE("sources that are not a YAML mapping give nothing, never an exception", "[FlowIdentity]") {
  CHECK_FALSE(readFlowIdentity(""));
  CHECK_FALSE(readFlowIdentity("# only a comment\n"));
  CHECK_FALSE(readFlowIdentity("just a scalar"));
  CHECK_FALSE(readFlowIdentity("- id: a\n  namespace: prod\n"));  // a list of flows is not a flow
  CHECK_FALSE(readFlowIdentity("id: 'unterminated\nnamespace: prod\n"));
  CHECK_FALSE(readFlowIdentity("id: a\n namespace: prod\n  - broken\n"));
  CHECK_FALSE(readFlowIdentity("{id: a, namespace: prod"));
  CHECK_FALSE(readFlowIdentity("id: a\nnamespace: *undefined\n"));
  const char binary[] = "id: a\0\x01\xff\nnamespace: prod\n";
  CHECK_FALSE(readFlowIdentity(std::string(binary, sizeof binary - 1)));
  std::string deep(2000, '[');
  CHECK_NOTHROW(readFlowIdentity("id: a\nnamespace: prod\ntasks: " + deep + "\n"));
  CHECK_FALSE(readFlowIdentity("id: a\nnamespace: prod\ntasks: " + deep + "\n"));
}
