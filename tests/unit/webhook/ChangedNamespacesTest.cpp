#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "Fixtures.h"
#include "webhook/ChangedNamespaces.h"

using namespace kcicd::webhook;
using List = std::vector<std::string>;

TEST_CASE("changed namespaces come from added, modified and removed paths", "[webhook][namespaces]") {
  PushEvent e;
  e.added = {"flows/prod.marketing/newsletter.yaml", "flows/top-level.yml"};
  e.modified = {"README.md", "flows/prod/hello.yml", "flows/prod/sub/deep.yml"};
  e.removed = {"flows/dev/old.yml", "other/flows/x/y.yml"};
  NamespaceChanges c = changedNamespaces(e, "flows");
  CHECK(c.namespaces == List{"dev", "prod", "prod.marketing"});
  CHECK_FALSE(c.all);
  CHECK(c.changedFiles == 7);

  SECTION("only removed") {
    PushEvent r;
    r.removed = {"flows/staging/a.yml"};
    CHECK(changedNamespaces(r, "flows").namespaces == List{"staging"});
  }
  SECTION("the flows directory is written in several ways") {
    CHECK(changedNamespaces(e, "./flows/").namespaces == c.namespaces);
    CHECK(changedNamespaces(e, "flows//").namespaces == c.namespaces);
    CHECK(changedNamespaces(e, "other/flows").namespaces == List{"x"});
    CHECK(changedNamespaces(e, ".").namespaces == List{"flows", "other"});
    CHECK(changedNamespaces(e, "nowhere").namespaces.empty());
    CHECK(changedNamespaces(e, "flow").namespaces.empty());  // a prefix of a name is not the folder
  }
}

TEST_CASE("a truncated commit list means every namespace", "[webhook][namespaces]") {
  PushEvent e = parsePushEvent(Provider::GitLab, kcicd::test::webhookFixture("gitlab-push-truncated.json"));
  NamespaceChanges c = changedNamespaces(e, "flows");
  CHECK(c.all);
  CHECK(c.namespaces == List{"data", "data.ingest"});  // what is known is still listed
}

TEST_CASE("the flows directory must stay inside the repository", "[webhook][namespaces]") {
  std::string out;
  CHECK(normalizeFlowsDir("./a//b/", out));
  CHECK(out == "a/b");
  CHECK(normalizeFlowsDir("", out));
  CHECK(out.empty());
  CHECK_FALSE(normalizeFlowsDir("/abs/flows", out));
  CHECK_FALSE(normalizeFlowsDir("../flows", out));
  CHECK_FALSE(normalizeFlowsDir("flows/../../x", out));
}
