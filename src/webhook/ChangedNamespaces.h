#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "PushEvent.h"

namespace kcicd::webhook {

// The namespaces a push touches, for a repository that keeps one folder per namespace under a flows
// directory (flows/prod/…, flows/prod.marketing/…), the layout of `flow namespace update`.
struct NamespaceChanges {
  std::vector<std::string> namespaces;  // sorted, unique folder names under the flows directory
  bool all = false;                     // the commit list is truncated: redeploy every namespace
  size_t changedFiles = 0;              // unique paths added, modified or removed (anywhere)
};

// `flowsDir` is relative to the repository root ("flows", "./deploy/flows/", "." or "" for the root).
// Every added, modified or removed path DIR/<namespace>/… gives <namespace>; files directly in DIR
// (no namespace folder) and paths elsewhere give none.
NamespaceChanges changedNamespaces(const PushEvent& event, std::string_view flowsDir);

// `flowsDir` as a '/'-separated prefix: "./a//b/" → "a/b", "." → "" (the repository root).
// Returns false for an absolute path or one with a ".." segment.
bool normalizeFlowsDir(std::string_view flowsDir, std::string& out);

}  // namespace kcicd::webhook
