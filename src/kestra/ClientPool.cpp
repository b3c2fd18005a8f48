#include "ClientPool.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace kcicd::kestra {

ClientPool::ClientPool(const ClientConfig& config, std::size_t size) {
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i)
    clients_.push_back(std::make_unique<KestraClient>(config));
}

ClientPool::ClientPool(std::vector<std::unique_ptr<KestraClient>> clients) : clients_(std::move(clients)) {}

int ClientPool::requests() const {
  int total = 0;
  for (const auto& c : clients_) total += c->requests();
  return total;
}

void ClientPool::forEach(std::size_t count, const std::function<bool(KestraClient&, std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto worker = [&](KestraClient& client) {
    for (std::size_t i; !stop && (i = next++) < count;) {
      try {
        if (!task(client, i)) stop = true;
      } catch (...) {
        std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    }
  };
  std::size_t threads = std::min(clients_.size(), count);
  if (threads <= 1) {
    if (count > 0) worker(*clients_.front());
  } else {
    std::vector<std::thread> running;
    for (std::size_t t = 1; t < threads; ++t) running.emplace_back(worker, std::ref(*clients_[t]));
    worker(*clients_.front());
    for (auto& thread : running) thread.join();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace kcicd::kestra
