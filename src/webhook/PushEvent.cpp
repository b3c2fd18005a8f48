#include "PushEvent.h"

#include <algorithm>
#include <set>

#include "HeaderValue.h"
#include "Payload.h"
#include "PayloadError.h"

namespace kcicd::webhook {
namespace {

using nlohmann::json;

// GitHub: "maximum of 2048 commits" in a push payload (docs, "Webhook events and payloads").
constexpr size_t kGithubCommitCap = 2048;

// An event header longer than this is cut where it is echoed (the header is not signed).
constexpr size_t kMaxHeaderChars = 100;

std::string typeError(const std::string& path, const char* expected) {
  return "push payload: '" + path + "' is not " + expected;
}

// The string at obj[key]; "" when absent or null; PayloadError when of another type.
std::string text(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  if (!it->is_string()) throw PayloadError(typeError(path, "a string"));
  return it->get<std::string>();
}

// obj[key] when it is an object; nullptr when absent or null; PayloadError otherwise.
const json* object(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) throw PayloadError(typeError(path, "an object"));
  return &*it;
}

bool allZeros(std::string_view sha) {
  return !sha.empty() && std::all_of(sha.begin(), sha.end(), [](char c) { return c == '0'; });
}

// Appends the strings of commit[key] to `out` (unique, first occurrence kept).
void collectPaths(const json& commit, const char* key, const std::string& path, std::vector<std::string>& out,
                  std::set<std::string>& seen) {
  auto it = commit.find(key);
  if (it == commit.end() || it->is_null()) return;
  if (!it->is_array()) throw PayloadError(typeError(path, "an array"));
  for (size_t i = 0; i < it->size(); ++i) {
    const json& p = (*it)[i];
    if (!p.is_string()) throw PayloadError(typeError(path + "[" + std::to_string(i) + "]", "a string"));
    if (seen.insert(p.get<std::string>()).second) out.push_back(p.get<std::string>());
  }
}

// Returns whether the payload had a "commits" array (absent/null → false).
bool readCommits(const json& root, PushEvent& event) {
  auto it = root.find("commits");
  if (it == root.end() || it->is_null()) return false;
  if (!it->is_array()) throw PayloadError(typeError("commits", "an array"));
  std::set<std::string> added, modified, removed;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& c = (*it)[i];
    std::string at = "commits[" + std::to_string(i) + "]";
    if (!c.is_object()) throw PayloadError(typeError(at, "an object"));
    collectPaths(c, "added", at + ".added", event.added, added);
    collectPaths(c, "modified", at + ".modified", event.modified, modified);
    collectPaths(c, "removed", at + ".removed", event.removed, removed);
  }
  event.commitCount = it->size();
  return true;
}

void readRef(const json& root, PushEvent& event) {
  event.ref = text(root, "ref", "ref");
  if (event.ref.empty()) throw PayloadError("push payload has no 'ref'");
  constexpr std::string_view heads = "refs/heads/", tags = "refs/tags/";
  if (event.ref.rfind(tags, 0) == 0) {
    event.kind = EventKind::TagPush;
    event.tag = event.ref.substr(tags.size());
  } else {
    event.kind = EventKind::Push;
    if (event.ref.rfind(heads, 0) == 0) event.branch = event.ref.substr(heads.size());
  }
  event.before = text(root, "before", "before");
}

void addUrl(PushEvent& event, std::string url) {
  if (!url.empty() && std::find(event.cloneUrls.begin(), event.cloneUrls.end(), url) == event.cloneUrls.end())
    event.cloneUrls.push_back(std::move(url));
}

void readGithub(const json& root, PushEvent& event, bool headerSaysPush) {
  if (!headerSaysPush && !root.contains("ref")) {
    if (root.contains("zen") || root.contains("hook_id")) {
      event.kind = EventKind::Ping;
      if (auto it = root.find("hook_id"); it != root.end() && it->is_number_integer()) event.hookId = it->get<long long>();
    }
    return;  // Other
  }
  readRef(root, event);
  std::string after = text(root, "after", "after");
  auto deleted = root.find("deleted");
  event.deleted = allZeros(after) || (deleted != root.end() && deleted->is_boolean() && deleted->get<bool>());
  if (!event.deleted) event.commit = after;
  if (const json* repo = object(root, "repository", "repository")) {
    event.repository = text(*repo, "full_name", "repository.full_name");
    addUrl(event, text(*repo, "clone_url", "repository.clone_url"));
    addUrl(event, text(*repo, "ssh_url", "repository.ssh_url"));
  }
  if (const json* pusher = object(root, "pusher", "pusher")) event.pusher = text(*pusher, "name", "pusher.name");
  readCommits(root, event);
  event.truncated = !event.deleted && (event.commitCount >= kGithubCommitCap || (!after.empty() && event.commitCount == 0));
}

void readGitlab(const json& root, PushEvent& event, bool headerSaysPush) {
  std::string kind = text(root, "object_kind", "object_kind");
  if (!headerSaysPush && kind != "push" && kind != "tag_push") {
    event.otherKind = kind;
    return;  // Other
  }
  readRef(root, event);
  std::string after = text(root, "after", "after");
  event.deleted = allZeros(after);
  if (!event.deleted) {
    event.commit = text(root, "checkout_sha", "checkout_sha");
    if (event.commit.empty()) event.commit = after;
  }
  // GitLab sends the URLs in "project" and, older, in "repository".
  for (const char* key : {"project", "repository"}) {
    if (const json* project = object(root, key, key)) {
      std::string at = key;
      if (event.repository.empty()) event.repository = text(*project, "path_with_namespace", at + ".path_with_namespace");
      addUrl(event, text(*project, "git_http_url", at + ".git_http_url"));
      addUrl(event, text(*project, "git_ssh_url", at + ".git_ssh_url"));
    }
  }
  event.pusher = text(root, "user_username", "user_username");
  if (event.pusher.empty()) event.pusher = text(root, "user_name", "user_name");
  readCommits(root, event);
  size_t total = event.commitCount;
  if (auto it = root.find("total_commits_count"); it != root.end() && !it->is_null()) {
    if (!it->is_number_unsigned() && !it->is_number_integer()) throw PayloadError(typeError("total_commits_count", "a number"));
    long long n = it->get<long long>();
    total = n < 0 ? 0 : static_cast<size_t>(n);
  }
  event.truncated = !event.deleted && (total > event.commitCount || (!after.empty() && event.commitCount == 0));
}

}  // namespace

std::string_view toString(EventKind kind) {
  switch (kind) {
    case EventKind::Push: return "push";
    case EventKind::TagPush: return "tag_push";
    case EventKind::Ping: return "ping";
    case EventKind::Other: return "other";
  }
  return "other";
}

bool isPushHeader(Provider provider, std::string_view eventHeader) {
  std::string_view h = headerValue(eventHeader);
  if (provider == Provider::GitHub) return h == "push";
  return h == "Push Hook" || h == "Tag Push Hook";
}

PushEvent parsePushEvent(Provider provider, std::string_view body) {
  return parsePushEvent(provider, body, {});
}

PushEvent parsePushEvent(Provider provider, std::string_view body, std::string_view eventHeader) {
  const std::string_view header = headerValue(eventHeader);
  const bool headerSaysPush = !header.empty() && isPushHeader(provider, header);
  if (!header.empty() && !headerSaysPush) {
    // Not a push: the body is not read at all (nothing in it is needed to skip).
    PushEvent event;
    event.provider = provider;
    event.header = std::string(header.substr(0, kMaxHeaderChars));
    event.kind = provider == Provider::GitHub && header == "ping" ? EventKind::Ping : EventKind::Other;
    return event;
  }
  if (provider == Provider::GitLab && isFormBody(body))
    throw PayloadError("GitLab sends JSON bodies; this is a form-encoded (GitHub) body");
  json root = parsePayload(body);
  if (!root.is_object()) throw PayloadError("body is JSON but not an object");
  PushEvent event;
  event.provider = provider;
  event.header = std::string(header);
  try {
    if (provider == Provider::GitHub) readGithub(root, event, headerSaysPush);
    else readGitlab(root, event, headerSaysPush);
  } catch (const json::exception& e) {
    throw PayloadError(std::string("push payload: ") + e.what());  // a number out of range, …
  }
  return event;
}

}  // namespace kcicd::webhook
