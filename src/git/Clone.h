#pragma once
#include "CloneOptions.h"

namespace kcicd::git {

// Clones like Kestra's Clone task (init, fetch, checkout — also into a non-empty directory):
// a branch is checked out with its upstream, a tag or commit as a detached HEAD. Shallow over
// HTTP(S) only; other transports fall back to full history with one warning. A failed clone removes
// what it created. Throws UsageError (bad options), RemoteError (network, TLS, host key, auth, past
// --git-timeout) or CommandError(Failure) (branch, tag or commit not found; checkout failed; more than
// --max-clone-size received or to be checked out).
CloneResult clone(const CloneOptions& options, CloneObserver& observer);
CloneResult clone(const CloneOptions& options);

}  // namespace kcicd::git
