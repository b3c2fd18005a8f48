#include "RequestDeadline.h"

#include <sys/socket.h>

namespace kcicd::kestra {

RequestDeadline::~RequestDeadline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void RequestDeadline::arm(Clock::time_point until) {
  {
    std::lock_guard lock(mutex_);
    until_ = until;
    socket_ = -1;
    armed_ = true;
    expired_ = false;
    if (!watcher_.joinable()) watcher_ = std::thread([this] { watch(); });
  }
  changed_.notify_all();
}

void RequestDeadline::attach(int socket) {
  std::lock_guard lock(mutex_);
  if (!armed_) return;
  socket_ = socket;
  if (expired_) shutDownLocked();
}

void RequestDeadline::detach() {
  std::lock_guard lock(mutex_);
  socket_ = -1;
}

void RequestDeadline::disarm() {
  std::lock_guard lock(mutex_);
  armed_ = false;
  socket_ = -1;
}

bool RequestDeadline::expired() const {
  std::lock_guard lock(mutex_);
  return expired_;
}

void RequestDeadline::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!armed_ || expired_) {
      changed_.wait(lock);
      continue;
    }
    if (changed_.wait_until(lock, until_) == std::cv_status::timeout && armed_ && !expired_ &&
        Clock::now() >= until_) {
      expired_ = true;
      shutDownLocked();
    }
  }
}

// Shutting down (not closing) leaves the descriptor to its owner: the blocked read returns, and the
// owner's close after disarm() is the only one.
void RequestDeadline::shutDownLocked() {
  if (socket_ >= 0) ::shutdown(socket_, SHUT_RDWR);
}

}  // namespace kcicd::kestra
