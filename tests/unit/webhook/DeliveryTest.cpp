#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "Fixtures.h"
#include "webhook/Delivery.h"

using namespace kcicd::webhook;
using kcicd::test::webhookFixture;
using List = std::vector<std::string>;

namespace {
PushEvent github(const std::string& fixture) { return parsePushEvent(Provider::GitHub, webhookFixture(fixture)); }
}  // namespace

TEST_CASE("an allowed push gives the clone URL and the changed namespaces", "[webhook][delivery]") {
  DeliveryPolicy policy;
  policy.branch = "main";
  policy.repos = {"https://github.com/octo-org/kestra-flows"};
  Delivery d = judgeDelivery(github("github-push.json"), policy);
  CHECK_FALSE(d.skipped);
  CHECK(d.trusted);
  CHECK(d.cloneUrl == "https://github.com/octo-org/kestra-flows.git");
  CHECK(d.untrustedUrl.empty());
  CHECK(d.changes.namespaces == List{"dev", "prod", "prod.marketing"});
  CHECK(d.changes.changedFiles == 5);  // newsletter.yaml added then modified counts once

  SECTION("the SSH URL is used when only it is allowed") {
    policy.repos = {};
    policy.patterns = {"git@github.com:octo-org/*"};
    CHECK(judgeDelivery(github("github-push.json"), policy).cloneUrl == "git@github.com:octo-org/kestra-flows.git");
  }
}

TEST_CASE("a push that changes only namespace files selects their namespace too", "[webhook][delivery]") {
  DeliveryPolicy policy;
  policy.repos = {"https://github.com/octo-org/kestra-flows"};
  PushEvent event = github("github-push.json");
  event.added = {"files/analytics/scripts/run.py", "docs/readme.md"};
  event.modified = {"files/prod/q.sql", "flows/dev/a.yml"};
  event.removed = {};
  CHECK(judgeDelivery(event, policy).changes.namespaces == List{"dev"});  // without a files folder
  policy.filesDir = "files";
  CHECK(judgeDelivery(event, policy).changes.namespaces == List{"analytics", "dev", "prod"});
}

TEST_CASE("a repository outside the allow-list is refused, naming the URL", "[webhook][delivery]") {
  DeliveryPolicy policy;
  policy.patterns = {"https://github.com/other-org/*"};
  try {
    judgeDelivery(github("github-push.json"), policy);
    FAIL("no UntrustedRepository");
  } catch (const UntrustedRepository& e) {
    CHECK(std::string(e.what()).find("https://github.com/octo-org/kestra-flows.git") != std::string::npos);
  }
}

TEST_CASE("without --repo/--allow-repo the URL is untrusted, never the clone URL", "[webhook][delivery]") {
  Delivery d = judgeDelivery(github("github-push.json"), {});
  CHECK_FALSE(d.trusted);
  CHECK(d.cloneUrl.empty());
  CHECK(d.untrustedUrl == "https://github.com/octo-org/kestra-flows.git");
  CHECK_FALSE(d.skipped);
}

TEST_CASE("pings, deleted branches, tags and other branches are skipped with a reason", "[webhook][delivery]") {
  DeliveryPolicy policy;
  policy.branch = "main";
  Delivery ping = judgeDelivery(github("github-ping.json"), policy);
  CHECK(ping.skipped);
  CHECK(ping.reason.find("ping") != std::string::npos);

  Delivery gone = judgeDelivery(github("github-push-deleted.json"), policy);
  CHECK(gone.skipped);
  CHECK(gone.reason.find("deleted") != std::string::npos);

  Delivery tag = judgeDelivery(github("github-push-tag.json"), policy);
  CHECK(tag.skipped);
  CHECK(tag.reason.find("v1.4.0") != std::string::npos);

  policy.branch = "develop";
  Delivery other = judgeDelivery(github("github-push.json"), policy);
  CHECK(other.skipped);
  CHECK(other.reason == "push to branch main, not to branch develop");
  CHECK(other.changes.namespaces.empty());

  policy.branch.clear();
  Delivery tagAny = judgeDelivery(github("github-push-tag.json"), policy);
  CHECK_FALSE(tagAny.skipped);
  CHECK(tagAny.changes.all);
}

TEST_CASE("an event header other than push is skipped, naming the event, before the repository is judged", "[webhook][delivery][event]") {
  DeliveryPolicy policy;
  policy.repos = {"https://example.com/somewhere-else"};
  Delivery d = judgeDelivery(parsePushEvent(Provider::GitHub, webhookFixture("github-push.json"), "pull_request"), policy);
  CHECK(d.skipped);
  CHECK(d.reason == "github event 'pull_request' is not a push: nothing to deploy");
  CHECK_FALSE(d.trusted);
  Delivery mr = judgeDelivery(parsePushEvent(Provider::GitLab, webhookFixture("gitlab-merge-request.json"), "Merge Request Hook"), {});
  CHECK(mr.skipped);
  CHECK(mr.reason == "gitlab event 'Merge Request Hook' is not a push: nothing to deploy");
}
