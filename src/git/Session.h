#pragma once
#include <git2.h>

#include <optional>
#include <string>

#include "CloneDeadline.h"
#include "CloneOptions.h"
#include "CredentialOrigins.h"
#include "KnownHosts.h"
#include "PackPages.h"
#include "RemoteUrl.h"
#include "runtime/ExitCode.h"

namespace kcicd::git {

// The state libgit2's callbacks share during one clone (the `payload`): credentials, trust,
// progress, and why a callback stopped the transfer.
struct Session {
  Session(const CloneOptions& options, CloneObserver& observer, KnownHosts knownHosts)
      : options(options), observer(observer), knownHosts(std::move(knownHosts)) {}

  const CloneOptions& options;
  CloneObserver& observer;
  KnownHosts knownHosts;
  RemoteUrl url;  // the remote being fetched (the repository, then each submodule)
  CredentialOrigins credentialOrigins;  // where credentials may go

  int credentialCalls = 0;
  std::string authMethod;  // e.g. "SSH key (GIT_SSH_KEY) as user 'git'", for auth failure messages
  bool insecureWarned = false;

  // Set by a callback that refused: the error clone() throws instead of libgit2's.
  std::optional<std::string> failure;
  ExitCode failureCode = ExitCode::Remote;

  // Transfer totals of finished fetches plus the current one.
  std::size_t bytesDone = 0, objectsDone = 0;
  std::uint64_t checkoutBytesDone = 0;  // what the checkouts so far wrote (--max-clone-size)
  TransferProgress current;
  PackPages* packPages = nullptr;  // given back in the progress callbacks (PackPages.h)
  const CloneDeadline* deadline = nullptr;  // --git-timeout, seen by the progress callbacks

  // The errors of the clone's limits: --git-timeout expired; over --max-clone-size, having `found`
  // (e.g. "received 3 MiB from <url>").
  std::string timeoutMessage() const;
  std::string tooLargeMessage(const std::string& found) const;

  void warn(const std::string& message);
  std::vector<std::string> warnings;

  // Callbacks for a fetch (the repository or a submodule) with this session as payload.
  git_remote_callbacks callbacks();
  // Options for a checkout whose progress callback gives pack pages back.
  git_checkout_options checkoutOptions(unsigned int strategy);
  void finishTransfer();
};

}  // namespace kcicd::git
