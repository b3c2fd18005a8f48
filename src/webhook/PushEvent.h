#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "Provider.h"

namespace kcicd::webhook {

// What a delivery is about.
enum class EventKind {
  Push,     // a branch push (ref refs/heads/…), or any other ref that is not a tag
  TagPush,  // ref refs/tags/…
  Ping,     // GitHub's hook-creation ping (zen, hook_id)
  Other,    // any other event (issues, merge requests, …): nothing to deploy
};
std::string_view toString(EventKind kind);  // "push" | "tag_push" | "ping" | "other"

// A push as GitHub (openapi WebhookPush) or GitLab (Push Hook / Tag Push Hook) describes it.
struct PushEvent {
  Provider provider = Provider::GitHub;
  EventKind kind = EventKind::Other;
  std::string otherKind;   // Other: GitLab's object_kind, when there is one
  std::string header;      // the X-GitHub-Event / X-Gitlab-Event value given (--event), trimmed; "" = none
  long long hookId = 0;    // Ping: GitHub's hook_id
  std::string ref;         // "refs/heads/main"
  std::string branch;      // "main" for refs/heads/main, else ""
  std::string tag;         // "v1.0" for refs/tags/v1.0, else ""
  std::string before;
  std::string commit;      // GitHub "after"; GitLab "checkout_sha" (else "after"); "" when deleted
  bool deleted = false;    // the ref was deleted: after is all zeros (or GitHub "deleted": true)
  std::string repository;  // GitHub repository.full_name, GitLab project.path_with_namespace
  std::vector<std::string> cloneUrls;  // HTTP(S) first, then SSH: as the payload claims, not trusted
  std::string pusher;      // GitHub pusher.name, GitLab user_username (else user_name)
  // Paths (relative to the repository root) the listed commits touched, in payload order, unique.
  std::vector<std::string> added, modified, removed;
  size_t commitCount = 0;  // commits listed in the payload
  // The commit list does not tell every change: GitHub lists at most 2048 commits (so 2048 or more is
  // treated as cut) and a push with a new head but no commit list says nothing; GitLab lists at most
  // 20 and sends the real number as total_commits_count.
  bool truncated = false;
};

// Reads a delivery body (JSON, or GitHub's form encoding). A GitHub body without "ref" is a ping
// (zen/hook_id) or another event; a GitLab body is kind by object_kind ("push", "tag_push").
// Throws PayloadError on malformed JSON or a field of the wrong type; never crashes on any input.
PushEvent parsePushEvent(Provider provider, std::string_view body);

// The event named by the X-GitHub-Event / X-Gitlab-Event header decides, not the payload's shape:
//   GitHub "push" (branch and tag refs), GitLab "Push Hook" / "Tag Push Hook" → the body is read as a push
//   (PayloadError when it is not one); GitHub "ping" → Ping; any other name → Other, the body unread.
// An empty (or blank) header is the overload above. The header is not signed: it only chooses how to read
// a body whose signature already matched, and a lie turns a push into a skip or a non-push into an error.
PushEvent parsePushEvent(Provider provider, std::string_view body, std::string_view eventHeader);

// True when the header names a push for this provider (GitHub "push"; GitLab "Push Hook", "Tag Push Hook").
bool isPushHeader(Provider provider, std::string_view eventHeader);

}  // namespace kcicd::webhook
