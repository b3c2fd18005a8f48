#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ChangedNamespaces.h"
#include "PushEvent.h"

namespace kcicd::webhook {

// What the receiver accepts, beyond a valid signature.
struct DeliveryPolicy {
  std::string branch;                // only pushes to this branch; "" = any branch or tag
  std::vector<std::string> repos;    // exact clone URLs (normalised compare)
  std::vector<std::string> patterns; // URL globs (see globMatch)
  std::string flowsDir = "flows";    // namespace folders, relative to the repository root
  std::string filesDir;              // namespace files' folders (deploy's --files-dir); "" = none
};

// The payload names a repository the policy does not allow.
class UntrustedRepository : public std::runtime_error {
 public:
  explicit UntrustedRepository(const std::string& message) : std::runtime_error(message) {}
};

// A verified delivery, read and judged against the policy.
struct Delivery {
  PushEvent event;
  bool skipped = false;
  std::string reason;          // why it was skipped; "" otherwise
  bool trusted = false;        // cloneUrl passed --repo / --allow-repo
  std::string cloneUrl;        // the allowed URL (HTTP(S) preferred); "" unless trusted
  std::string untrustedUrl;    // the payload's URL when no allow-list was given
  NamespaceChanges changes;
};

// Judges a push whose signature was already verified, in this order:
//   a ping or non-push event → skipped (the reason names the --event header when one was given); the repository against repos/patterns when either is given
//   (UntrustedRepository naming the URL when none matches; with neither, the URL is reported as
//   untrusted and never as cloneUrl); a deleted ref → skipped; a tag push or another branch than
//   policy.branch (when set) → skipped; then the changed namespaces.
Delivery judgeDelivery(const PushEvent& event, const DeliveryPolicy& policy);

}  // namespace kcicd::webhook
