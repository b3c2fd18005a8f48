#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "kestra/ClientPool.h"

using namespace kcicd::kestra;

namespace {

// The pool's tasks here make no request: a transport that is never used.
class UnusedTransport final : public Transport {
 public:
  HttpResponse send(const HttpRequest&, RequestKind) override { throw std::logic_error("no request expected"); }
  const std::string& origin() const override { return origin_; }
  const std::string& via() const override { return via_; }

 private:
  std::string origin_ = "http://unused", via_;
};

ClientPool pool(std::size_t size) {
  std::vector<std::unique_ptr<KestraClient>> clients;
  for (std::size_t i = 0; i < size; ++i)
    clients.push_back(std::make_unique<KestraClient>(ClientConfig{}, std::make_unique<UnusedTransport>()));
  return ClientPool(std::move(clients));
}

}  // namespace

TEST_CASE("forEach runs every task, never more at once than the pool has clients", "[ClientPool]") {
  auto p = pool(3);
  std::atomic<int> running{0}, peak{0}, done{0};
  p.forEach(20, [&](KestraClient&, std::size_t) {
    int now = ++running;
    for (int seen = peak; now > seen && !peak.compare_exchange_weak(seen, now);) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --running;
    ++done;
    return true;
  });
  CHECK(done == 20);
  CHECK(peak <= 3);
  CHECK(peak >= 2);  // it did run in parallel
}

TEST_CASE("a task returning false stops the tasks not yet started", "[ClientPool]") {
  auto p = pool(1);
  std::vector<std::size_t> ran;
  p.forEach(10, [&](KestraClient&, std::size_t i) {
    ran.push_back(i);
    return i != 3;
  });
  CHECK(ran == std::vector<std::size_t>{0, 1, 2, 3});
}

TEST_CASE("the first exception is rethrown once every running task ended", "[ClientPool]") {
  auto p = pool(2);
  std::atomic<int> finished{0};
  std::string error;
  try {
    p.forEach(50, [&](KestraClient&, std::size_t i) {
      if (i == 0) throw std::runtime_error("boom");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++finished;
      return true;
    });
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  CHECK(error == "boom");
  CHECK(finished < 49);  // the rest did not start
  CHECK(p.requests() == 0);
}
