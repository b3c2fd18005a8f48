#include "CloneDeadline.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace kcicd::git {
namespace {

// After the deadline, how often new sockets are shut again: libgit2 may connect again (HTTP does after
// a closed keep-alive connection, submodules have their own remote).
constexpr std::chrono::milliseconds kRepeat{100};

// The inode of a socket file descriptor's /proc/self/fd link ("socket:[12345]"), or 0.
unsigned long socketInode(const std::filesystem::path& link) {
  std::error_code ec;
  std::string target = std::filesystem::read_symlink(link, ec).string();
  if (ec || target.rfind("socket:[", 0) != 0) return 0;
  return std::strtoul(target.c_str() + 8, nullptr, 10);
}

// Calls `each(fd, inode)` for every open socket of the process. Never throws: it runs on the watcher
// thread, where an exception would end the process.
template <typename Each>
void forEachSocket(Each each) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec))
    if (unsigned long inode = socketInode(it->path()))
      each(static_cast<int>(std::strtol(it->path().filename().c_str(), nullptr, 10)), inode);
}

}  // namespace

CloneDeadline::CloneDeadline(std::chrono::milliseconds limit) : end_(std::chrono::steady_clock::now() + limit) {
  forEachSocket([this](int, unsigned long inode) { socketsBefore_.insert(inode); });
  watcher_ = std::thread([this] { watch(); });
}

CloneDeadline::~CloneDeadline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  watcher_.join();
}

void CloneDeadline::watch() {
  std::unique_lock lock(mutex_);
  for (auto next = end_; !stop_.wait_until(lock, next, [this] { return stopping_; }); next += kRepeat)
    forEachSocket([this](int fd, unsigned long inode) {
      if (!socketsBefore_.count(inode)) shutdown(fd, SHUT_RDWR);  // a reused number: ENOTSOCK, harmless
    });
}

}  // namespace kcicd::git
