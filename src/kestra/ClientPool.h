#pragma once
// A few KestraClients, each with its own keep-alive connection, so that the per-flow reads and writes of
// a namespace update run a bounded number at a time (kestractl's `flows deploy` sends one request per
// flow as well).
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "KestraClient.h"

namespace kcicd::kestra {

class ClientPool {
 public:
  // `size` clients (at least one) with the same configuration; their connections open on first use.
  ClientPool(const ClientConfig& config, std::size_t size);
  // Over clients made by the caller (tests).
  explicit ClientPool(std::vector<std::unique_ptr<KestraClient>> clients);

  KestraClient& first() { return *clients_.front(); }
  std::size_t size() const { return clients_.size(); }
  int requests() const;  // HTTP attempts made by every client

  // Runs task(client, i) for every i in [0, count), at most size() at a time, in index order of start.
  // A task returning false, or throwing, stops the tasks not yet started; those running finish. The
  // first exception thrown is rethrown once every task has ended.
  void forEach(std::size_t count, const std::function<bool(KestraClient&, std::size_t)>& task);

 private:
  std::vector<std::unique_ptr<KestraClient>> clients_;
};

}  // namespace kcicd::kestra
