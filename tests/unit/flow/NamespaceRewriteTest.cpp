#include <catch2/catch_test_macros.hpp>

#include "flow/NamespaceRewrite.h"

using namespace kcicd::flow;

TEST_CASE("Only the namespace value changes; comments, quotes' place and other bytes are kept", "[NamespaceRewrite]") {
  CHECK(rewriteNamespace("id: a\nnamespace: dev # was dev\ntasks: []\n", "prod") ==
        "id: a\nnamespace: prod # was dev\ntasks: []\n");
  CHECK(rewriteNamespace("id: a\r\nnamespace:   \"dev\"\r\n", "prod") == "id: a\r\nnamespace:   prod\r\n");
  CHECK(rewriteNamespace("namespace: 'dev'\nid: a", "prod.team") == "namespace: prod.team\nid: a");
}

TEST_CASE("A nested or block namespace is not rewritten", "[NamespaceRewrite]") {
  CHECK_FALSE(rewriteNamespace("id: a\ntasks:\n  - namespace: dev\n", "prod"));
  CHECK_FALSE(rewriteNamespace("id: a\nnamespace:\n  dev\n", "prod"));
  CHECK_FALSE(rewriteNamespace("id: a\nnamespace: |\n  dev\n", "prod"));
  CHECK_FALSE(rewriteNamespace("id: a\nnamespaces: dev\n", "prod"));
}
