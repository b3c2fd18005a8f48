#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "Fixtures.h"
#include "webhook/PayloadError.h"
#include "webhook/PushEvent.h"

using namespace kcicd::webhook;
using kcicd::test::webhookFixture;
using Paths = std::vector<std::string>;

TEST_CASE("a GitHub push: branch, commit, repository, pusher, changed paths", "[webhook][push]") {
  PushEvent e = parsePushEvent(Provider::GitHub, webhookFixture("github-push.json"));
  CHECK(e.kind == EventKind::Push);
  CHECK(e.ref == "refs/heads/main");
  CHECK(e.branch == "main");
  CHECK(e.tag.empty());
  CHECK(e.commit == "a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9");
  CHECK(e.before == "0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796");
  CHECK_FALSE(e.deleted);
  CHECK(e.repository == "octo-org/kestra-flows");
  CHECK(e.cloneUrls == Paths{"https://github.com/octo-org/kestra-flows.git", "git@github.com:octo-org/kestra-flows.git"});
  CHECK(e.pusher == "mona");
  CHECK(e.commitCount == 2);
  CHECK(e.added == Paths{"flows/prod.marketing/newsletter.yaml", "flows/top-level.yml"});
  CHECK(e.modified == Paths{"README.md", "flows/prod/hello.yml", "flows/prod.marketing/newsletter.yaml"});
  CHECK(e.removed == Paths{"flows/dev/old.yml"});
  CHECK_FALSE(e.truncated);
}

TEST_CASE("GitHub's form-encoded delivery reads like the JSON one", "[webhook][push]") {
  PushEvent json = parsePushEvent(Provider::GitHub, webhookFixture("github-push.json"));
  PushEvent form = parsePushEvent(Provider::GitHub, webhookFixture("github-push-form.txt"));
  CHECK(form.branch == json.branch);
  CHECK(form.commit == json.commit);
  CHECK(form.cloneUrls == json.cloneUrls);
  CHECK(form.added == json.added);
  CHECK(form.modified == json.modified);
  CHECK(form.removed == json.removed);
  // '+' is a space in form encoding: the commit message had spaces and still parses.
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, "payload=%7B%2"), PayloadError);
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, "other=1&payload=%7Bx"), PayloadError);
  CHECK(parsePushEvent(Provider::GitHub, "hook=1&payload=%7B%22zen%22%3A%22Keep+it+logically+awesome.%22%7D").kind ==
        EventKind::Ping);
}

TEST_CASE("a GitHub ping, tag push and deleted branch", "[webhook][push]") {
  PushEvent ping = parsePushEvent(Provider::GitHub, webhookFixture("github-ping.json"));
  CHECK(ping.kind == EventKind::Ping);
  CHECK(ping.hookId == 481516234);

  PushEvent tag = parsePushEvent(Provider::GitHub, webhookFixture("github-push-tag.json"));
  CHECK(tag.kind == EventKind::TagPush);
  CHECK(tag.tag == "v1.4.0");
  CHECK(tag.branch.empty());
  CHECK(tag.commit == "a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9");
  CHECK(tag.truncated);  // no commit list for a new head: the changes are unknown

  PushEvent gone = parsePushEvent(Provider::GitHub, webhookFixture("github-push-deleted.json"));
  CHECK(gone.deleted);
  CHECK(gone.branch == "feature/old-idea");
  CHECK(gone.commit.empty());
  CHECK_FALSE(gone.truncated);
}

TEST_CASE("a GitHub push is truncated at 2048 commits or with no commit list", "[webhook][push]") {
  auto root = nlohmann::json::parse(webhookFixture("github-push.json"));
  auto commit = root["commits"][0];
  SECTION("2047 commits are complete, 2048 are the cap") {
    root["commits"] = nlohmann::json::array();
    for (int i = 0; i < 2047; ++i) root["commits"].push_back(commit);
    CHECK_FALSE(parsePushEvent(Provider::GitHub, root.dump()).truncated);
    root["commits"].push_back(commit);
    PushEvent e = parsePushEvent(Provider::GitHub, root.dump());
    CHECK(e.truncated);
    CHECK(e.commitCount == 2048);
    CHECK(e.added == Paths{"flows/prod.marketing/newsletter.yaml", "flows/top-level.yml"});  // unique paths
  }
  SECTION("commits missing with a non-zero after") {
    root.erase("commits");
    CHECK(parsePushEvent(Provider::GitHub, root.dump()).truncated);
  }
}

TEST_CASE("a GitLab push: checkout_sha, project URLs, user, total_commits_count", "[webhook][push]") {
  PushEvent e = parsePushEvent(Provider::GitLab, webhookFixture("gitlab-push.json"));
  CHECK(e.provider == Provider::GitLab);
  CHECK(e.kind == EventKind::Push);
  CHECK(e.branch == "main");
  CHECK(e.commit == "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  CHECK(e.repository == "data/kestra-flows");
  CHECK(e.cloneUrls ==
        Paths{"https://gitlab.example.com/data/kestra-flows.git", "git@gitlab.example.com:data/kestra-flows.git"});
  CHECK(e.pusher == "jsmith");
  CHECK(e.added == Paths{"flows/data.ingest/ingest.yml"});
  CHECK(e.modified == Paths{"flows/data/cleanup.yaml"});
  CHECK(e.removed == Paths{"docs/notes.md"});
  CHECK_FALSE(e.truncated);

  PushEvent cut = parsePushEvent(Provider::GitLab, webhookFixture("gitlab-push-truncated.json"));
  CHECK(cut.branch == "release");
  CHECK(cut.truncated);  // total_commits_count 57 > 2 listed
}

TEST_CASE("GitLab tag pushes, deletions and other object kinds", "[webhook][push]") {
  auto root = nlohmann::json::parse(webhookFixture("gitlab-push.json"));
  SECTION("tag_push") {
    root["object_kind"] = "tag_push";
    root["ref"] = "refs/tags/v2.0";
    PushEvent e = parsePushEvent(Provider::GitLab, root.dump());
    CHECK(e.kind == EventKind::TagPush);
    CHECK(e.tag == "v2.0");
  }
  SECTION("deleted branch: after is zeros, checkout_sha null") {
    root["after"] = std::string(40, '0');
    root["checkout_sha"] = nullptr;
    root["commits"] = nlohmann::json::array();
    root["total_commits_count"] = 0;
    PushEvent e = parsePushEvent(Provider::GitLab, root.dump());
    CHECK(e.deleted);
    CHECK(e.commit.empty());
  }
  SECTION("merge_request is another event") {
    root["object_kind"] = "merge_request";
    PushEvent e = parsePushEvent(Provider::GitLab, root.dump());
    CHECK(e.kind == EventKind::Other);
    CHECK(e.otherKind == "merge_request");
  }
  SECTION("a form body is not GitLab's") {
    CHECK_THROWS_AS(parsePushEvent(Provider::GitLab, webhookFixture("github-push-form.txt")), PayloadError);
  }
}

TEST_CASE("malformed payloads throw PayloadError with a clear message", "[webhook][push]") {
  auto message = [](Provider p, const std::string& body) {
    try {
      parsePushEvent(p, body);
    } catch (const PayloadError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(Provider::GitHub, "{\"ref\": ").find("not valid JSON (parse error at line 1, column 9") !=
        std::string::npos);
  CHECK(message(Provider::GitHub, "").find("not valid JSON") != std::string::npos);
  CHECK(message(Provider::GitHub, "[1,2]").find("not an object") != std::string::npos);
  CHECK(message(Provider::GitHub, R"({"ref": 42})").find("'ref' is not a string") != std::string::npos);
  CHECK(message(Provider::GitHub, R"({"ref": "refs/heads/x", "commits": {}})").find("'commits' is not an array") !=
        std::string::npos);
  CHECK(message(Provider::GitHub, R"({"ref": "refs/heads/x", "commits": [{"added": ["a", 7]}]})")
            .find("'commits[0].added[1]' is not a string") != std::string::npos);
  CHECK(message(Provider::GitHub, R"({"ref": "refs/heads/x", "repository": "octo/repo"})")
            .find("'repository' is not an object") != std::string::npos);
  CHECK(message(Provider::GitLab, R"({"object_kind": "push"})").find("no 'ref'") != std::string::npos);
  CHECK(message(Provider::GitLab, R"({"object_kind": "push", "ref": "refs/heads/a", "total_commits_count": "3"})")
            .find("'total_commits_count' is not a number") != std::string::npos);
  CHECK(message(Provider::GitHub, "{\"ref\": \"\xff\"}").find("not valid JSON") != std::string::npos);
}

TEST_CASE("hostile inputs never crash the parser", "[webhook][push]") {
  std::string deep(200000, '[');
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, deep), PayloadError);
  std::string deepValid = std::string(100000, '[') + std::string(100000, ']');
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, deepValid), PayloadError);  // valid JSON, not an object
  std::string nested = "{\"ref\":\"refs/heads/m\",\"x\":" + std::string(50000, '[') + std::string(50000, ']') + "}";
  CHECK(parsePushEvent(Provider::GitHub, nested).branch == "m");
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, std::string("\0\0\0", 3)), PayloadError);
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, "payload="), PayloadError);
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, "payload=%"), PayloadError);
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, "payload=%4"), PayloadError);
  CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, R"({"ref":"refs/heads/a","n":1e400})"), PayloadError);
  CHECK(parsePushEvent(Provider::GitLab, R"({"object_kind":"push","ref":"refs/heads/a","total_commits_count":-3})")
            .branch == "a");
}

TEST_CASE("the event header decides: push headers read the body as a push, others leave it unread", "[webhook][push][event]") {
  SECTION("GitHub push, branch and tag refs") {
    PushEvent e = parsePushEvent(Provider::GitHub, webhookFixture("github-push.json"), "push");
    CHECK(e.kind == EventKind::Push);
    CHECK(e.branch == "main");
    CHECK(e.header == "push");
    CHECK(parsePushEvent(Provider::GitHub, webhookFixture("github-push-tag.json"), " push\r\n").kind == EventKind::TagPush);
  }
  SECTION("GitLab Push Hook and Tag Push Hook") {
    CHECK(parsePushEvent(Provider::GitLab, webhookFixture("gitlab-push.json"), "Push Hook").kind == EventKind::Push);
    PushEvent tag = parsePushEvent(Provider::GitLab, webhookFixture("gitlab-tag-push.json"), "Tag Push Hook");
    CHECK(tag.kind == EventKind::TagPush);
    CHECK(tag.tag == "v1.0.0");
  }
  SECTION("any other event is Other and its body is never parsed") {
    PushEvent e = parsePushEvent(Provider::GitHub, "[[[ not json", "issues");
    CHECK(e.kind == EventKind::Other);
    CHECK(e.header == "issues");
    CHECK(parsePushEvent(Provider::GitHub, "{}", "ping").kind == EventKind::Ping);
    CHECK(parsePushEvent(Provider::GitLab, "nope", "Merge Request Hook").kind == EventKind::Other);
    // GitHub's name under GitLab (and the reverse) is not a push of that provider.
    CHECK(parsePushEvent(Provider::GitLab, webhookFixture("gitlab-push.json"), "push").kind == EventKind::Other);
    CHECK(parsePushEvent(Provider::GitHub, webhookFixture("github-push.json"), "Push Hook").kind == EventKind::Other);
    CHECK(parsePushEvent(Provider::GitHub, "{}", std::string(500, 'x')).header.size() == 100);
  }
  SECTION("a push header over a body that is not a push is a PayloadError") {
    CHECK_THROWS_AS(parsePushEvent(Provider::GitHub, webhookFixture("github-ping.json"), "push"), PayloadError);
    CHECK_THROWS_AS(parsePushEvent(Provider::GitLab, webhookFixture("gitlab-merge-request.json"), "Push Hook"), PayloadError);
  }
  SECTION("a blank header is no header") {
    CHECK(parsePushEvent(Provider::GitHub, webhookFixture("github-ping.json"), "  ").kind == EventKind::Ping);
  }
}
