#pragma once
// A TCP proxy on 127.0.0.1 in front of a local server that sends the server's bytes to the client at
// a fixed rate, so that a clone of a small repository lasts seconds (progress and timeout tests).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "Process.h"

namespace kcicd::test {

class ThrottledProxy {
 public:
  ThrottledProxy(int targetPort, std::size_t bytesPerSecond) : target_(targetPort), rate_(bytesPerSecond) {
    port = listener_.port();
    acceptor_ = std::thread([this] { acceptLoop(); });
  }
  ~ThrottledProxy() {
    stop_ = true;
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (auto& t : connections_) t.join();
  }
  ThrottledProxy(const ThrottledProxy&) = delete;
  ThrottledProxy& operator=(const ThrottledProxy&) = delete;

  int port = 0;

 private:
  static sockaddr_in loopback(int p) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(p));
    return addr;
  }

  void acceptLoop() {
    while (!stop_) {
      pollfd p{listener_.fd(), POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int client = accept(listener_.fd(), nullptr, nullptr);
      if (client < 0) continue;
      std::lock_guard lock(mutex_);
      connections_.emplace_back([this, client] { relay(client); });
    }
  }

  static bool sendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
      ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  // Client → server at once; server → client in slices of rate/20 bytes every 50 ms.
  void relay(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(target_);
    if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      std::size_t slice = std::max<std::size_t>(rate_ / 20, 1);
      std::vector<char> buffer(std::max<std::size_t>(slice, 16384));
      bool open = true;
      while (open && !stop_) {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (poll(fds, 2, 50) <= 0) continue;
        if (fds[0].revents) {
          ssize_t n = recv(client, buffer.data(), buffer.size(), 0);
          open = n > 0 && sendAll(server, buffer.data(), static_cast<std::size_t>(n));
        }
        if (open && fds[1].revents) {
          ssize_t n = recv(server, buffer.data(), slice, 0);
          open = n > 0 && sendAll(client, buffer.data(), static_cast<std::size_t>(n));
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    }
    close(server);
    close(client);
  }

  int target_;
  std::size_t rate_;
  LoopbackListener listener_{16};
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> connections_;
};

}  // namespace kcicd::test
