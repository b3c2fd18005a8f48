#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kcicd::kestra {

// The overall deadline of one HTTP request (--timeout), beside the idle read timeout: a server that
// trickles one byte a second never lets a read time out, so a watcher thread shuts the socket down when
// the deadline passes, and the blocked read fails at once. The socket is given once it is connected
// (attach); the owner must detach() it before closing it, so the watcher never touches a descriptor that
// has been handed to another connection.
class RequestDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  RequestDeadline() = default;
  ~RequestDeadline();
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

  void arm(Clock::time_point until);
  // The connected socket to shut down at the deadline; shut down at once when it has already passed.
  void attach(int socket);
  // The socket is about to be closed: the deadline still runs, for a reconnection to attach to.
  void detach();
  void disarm();
  // True when the deadline passed while armed (since the last arm()).
  bool expired() const;

 private:
  void watch();
  void shutDownLocked();
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::thread watcher_;
  Clock::time_point until_{};
  int socket_ = -1;
  bool armed_ = false;
  bool expired_ = false;
  bool stopping_ = false;
};

}  // namespace kcicd::kestra
