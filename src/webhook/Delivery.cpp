#include "Delivery.h"

#include <set>

#include "RepositoryAllowList.h"

namespace kcicd::webhook {
namespace {

std::string joined(const std::vector<std::string>& urls) {
  std::string out;
  for (const auto& url : urls) out += (out.empty() ? "" : ", ") + url;
  return out;
}

void judgeRepository(const DeliveryPolicy& policy, Delivery& d) {
  const auto& urls = d.event.cloneUrls;
  if (policy.repos.empty() && policy.patterns.empty()) {
    if (!urls.empty()) d.untrustedUrl = urls.front();
    return;
  }
  for (const auto& url : urls) {
    if (repositoryAllowed(url, policy.repos, policy.patterns)) {
      d.trusted = true;
      d.cloneUrl = url;
      return;
    }
  }
  if (urls.empty()) throw UntrustedRepository("the payload names no repository clone URL to check against --repo/--allow-repo");
  throw UntrustedRepository("repository " + joined(urls) + " is not allowed by --repo/--allow-repo");
}

}  // namespace

Delivery judgeDelivery(const PushEvent& event, const DeliveryPolicy& policy) {
  Delivery d;
  d.event = event;
  auto skip = [&d](std::string reason) {
    d.skipped = true;
    d.reason = std::move(reason);
    return d;
  };
  if (event.kind == EventKind::Ping)
    return skip("ping event" + (event.hookId ? " (hook " + std::to_string(event.hookId) + ")" : std::string()) +
                ": the webhook is set up, nothing to deploy");
  if (event.kind == EventKind::Other && !event.header.empty())
    return skip(std::string(toString(event.provider)) + " event '" + event.header +
                "' is not a push: nothing to deploy");
  if (event.kind == EventKind::Other)
    return skip(event.otherKind.empty() ? "not a push event" : "not a push event (object_kind " + event.otherKind + ")");
  judgeRepository(policy, d);
  if (event.deleted) return skip("ref " + event.ref + " was deleted");
  if (!policy.branch.empty()) {
    if (event.kind == EventKind::TagPush) return skip("tag push " + event.tag + ", not a push to branch " + policy.branch);
    if (event.branch != policy.branch)
      return skip("push to " + (event.branch.empty() ? "ref " + event.ref : "branch " + event.branch) +
                  ", not to branch " + policy.branch);
  }
  d.changes = changedNamespaces(event, policy.flowsDir);
  if (!policy.filesDir.empty()) {
    // A push that changes only files/<namespace>/… still selects that namespace.
    NamespaceChanges files = changedNamespaces(event, policy.filesDir);
    std::set<std::string> all(d.changes.namespaces.begin(), d.changes.namespaces.end());
    all.insert(files.namespaces.begin(), files.namespaces.end());
    d.changes.namespaces.assign(all.begin(), all.end());
  }
  return d;
}

}  // namespace kcicd::webhook
