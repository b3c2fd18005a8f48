#include <catch2/catch_test_macros.hpp>

#include "Process.h"
#include "flow/FlowFiles.h"
#include "pipeline/NamespaceFolders.h"
#include "runtime/Errors.h"

using namespace kcicd;
using namespace kcicd::pipeline;
using kcicd::test::TempDir;
using kcicd::test::writeFile;

TEST_CASE("namespace names follow Kestra's pattern", "[namespaces]") {
  CHECK(isNamespaceName("prod"));
  CHECK(isNamespaceName("prod.marketing"));
  CHECK(isNamespaceName("0team_a-b"));
  CHECK_FALSE(isNamespaceName("Prod"));
  CHECK_FALSE(isNamespaceName(".hidden"));
  CHECK_FALSE(isNamespaceName("_archive"));
  CHECK_FALSE(isNamespaceName(""));
  CHECK_FALSE(isNamespaceName(std::string(151, 'a')));
}

TEST_CASE("every namespace-named folder of flows/ is a namespace, in sorted order", "[namespaces]") {
  TempDir dir;
  writeFile(dir / "flows/prod.marketing/a.yml", "id: a");
  writeFile(dir / "flows/prod/b.yml", "id: b");
  writeFile(dir / "flows/prod/sub/c.yaml", "id: c");
  writeFile(dir / "flows/Drafts/d.yml", "id: d");
  writeFile(dir / "flows/empty/readme.md", "nothing");
  writeFile(dir / "flows/stray.yml", "id: s");
  auto layout = discoverNamespaces(dir / "flows", dir.path());
  REQUIRE(layout.namespaces.size() == 2);
  CHECK(layout.namespaces[0].ns == "prod");
  CHECK(layout.namespaces[0].files.size() == 2);
  CHECK(layout.namespaces[1].ns == "prod.marketing");
  std::vector<std::filesystem::path> ignored{dir / "flows/Drafts", dir / "flows/stray.yml"};
  CHECK(layout.ignored == ignored);
  CHECK_THROWS_AS(discoverNamespaces(dir / "nope", dir.path()), kcicd::RepositoryError);
}

TEST_CASE("explicit DIR=NAMESPACE maps (--map) name the folders", "[namespaces]") {
  TempDir dir;
  writeFile(dir / "team/x.yml", "id: x");
  writeFile(dir / "other/y.yml", "id: y");
  auto layout = mapNamespaces(dir.path(), {"team=zeta", "other=alpha.one"});
  REQUIRE(layout.namespaces.size() == 2);
  CHECK(layout.namespaces[0].ns == "alpha.one");
  CHECK(layout.namespaces[1].ns == "zeta");
  CHECK_THROWS_AS(mapNamespaces(dir.path(), {"team"}), UsageError);
  CHECK_THROWS_AS(mapNamespaces(dir.path(), {"team=Bad"}), UsageError);
  CHECK_THROWS_AS(mapNamespaces(dir.path(), {"missing=ns"}), kcicd::RepositoryError);  // content, not usage: exit 1
  CHECK_THROWS_AS(mapNamespaces(dir.path(), {"team=a", "other=a"}), UsageError);
}

TEST_CASE("folders of flows outside the repository are refused", "[namespaces]") {
  TempDir dir;
  writeFile(dir / "repo/flows/prod/a.yml", "id: a");
  TempDir outside;
  writeFile(outside / "prod/b.yml", "id: b");
  CHECK_THROWS_AS(mapNamespaces(dir / "repo", {outside.path().string() + "=prod"}), UsageError);
  CHECK_THROWS_AS(mapNamespaces(dir / "repo", {"../../" + outside.path().filename().string() + "=prod"}), UsageError);
  CHECK_THROWS_AS(discoverNamespaces(outside.path(), dir / "repo"), UsageError);
  std::filesystem::create_directory_symlink(outside / "prod", dir / "repo/flows/linked");
  CHECK_THROWS_AS(discoverNamespaces(dir / "repo/flows", dir / "repo"), kcicd::flow::UnsafeFlowPath);
  CHECK(mapNamespaces(dir / "repo", {"flows/prod=prod"}).namespaces.size() == 1);
}

TEST_CASE("what the repository lacks or links away is its fault (exit 1), what the flags name outside it theirs (exit 2)", "[namespaces]") {
  TempDir dir;
  writeFile(dir / "repo/flows/prod/a.yml", "id: a");
  TempDir outside;
  writeFile(outside / "prod/b.yml", "id: b");
  CHECK_THROWS_AS(discoverNamespaces(dir / "repo/workflows", dir / "repo"), kcicd::RepositoryError);
  std::filesystem::create_directory_symlink(outside.path(), dir / "repo/elsewhere");
  CHECK_THROWS_AS(discoverNamespaces(dir / "repo/elsewhere", dir / "repo"), kcicd::RepositoryError);
  CHECK_THROWS_AS(mapNamespaces(dir / "repo", {"elsewhere/prod=prod"}), kcicd::RepositoryError);
  CHECK_THROWS_AS(discoverNamespaces(outside.path(), dir / "repo"), UsageError);
}
