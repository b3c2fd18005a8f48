#pragma once
#include <time.h>

#include <chrono>
#include <csignal>

namespace kcicd::git {

// The overall deadline of one clone (--git-timeout), submodules included. The read timeout alone
// cannot bound a clone: a server sending a byte a second is never idle long enough. libgit2's progress
// callbacks see the deadline during the transfer, but the ref advertisement and the negotiation have
// none, so once the deadline passes a timer also interrupts the cloning thread every 100 ms (SIGALRM
// with a handler that does nothing and no SA_RESTART): libgit2's socket wait (poll) then fails with
// EINTR and the clone stops, over HTTP(S), git:// and SSH once its handshake is done (libgit2 1.8
// retries an interrupted SSH handshake: a server trickling the handshake itself is not cut). Before
// the deadline nothing is interrupted. Construct it on the cloning thread; one at a time.
class CloneDeadline {
 public:
  explicit CloneDeadline(std::chrono::milliseconds limit);
  ~CloneDeadline();
  CloneDeadline(const CloneDeadline&) = delete;
  CloneDeadline& operator=(const CloneDeadline&) = delete;

  bool expired() const { return std::chrono::steady_clock::now() >= end_; }

 private:
  std::chrono::steady_clock::time_point end_;
  struct sigaction previous_ {};
  timer_t timer_{};
  bool armed_ = false;
};

}  // namespace kcicd::git
