#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace kcicd::git {

// The overall deadline of one clone (--git-timeout), submodules included. The read timeout alone
// cannot bound a clone: a server sending a byte a second is never idle long enough. libgit2's progress
// callbacks see the deadline during the transfer, but the ref advertisement, the negotiation and an
// SSH handshake have none (libgit2 1.8 even retries an SSH handshake whose wait timed out or was
// interrupted, so a silent SSH server holds a clone forever). So once the deadline passes, a watcher
// thread shuts down (shutdown(2)) every socket the process opened since the deadline started, and
// again every 100 ms for a reconnection: each transport then reads end-of-file and fails at once.
// Sockets open before (a Kestra connection) are left alone. One at a time.
class CloneDeadline {
 public:
  explicit CloneDeadline(std::chrono::milliseconds limit);
  ~CloneDeadline();
  CloneDeadline(const CloneDeadline&) = delete;
  CloneDeadline& operator=(const CloneDeadline&) = delete;

  bool expired() const { return std::chrono::steady_clock::now() >= end_; }

 private:
  void watch();

  std::chrono::steady_clock::time_point end_;
  std::set<unsigned long> socketsBefore_;  // inodes of the sockets open at the start
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace kcicd::git
