#include "kestra/RequestDeadline.h"

#include <catch2/catch_test_macros.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

using kcicd::kestra::RequestDeadline;
using namespace std::chrono_literals;

namespace {
struct SocketPair {
  int ends[2] = {-1, -1};
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) == 0); }
  ~SocketPair() {
    ::close(ends[0]);
    ::close(ends[1]);
  }
};
}  // namespace

TEST_CASE("a read blocked past the deadline returns at the deadline", "[kestra][deadline]") {
  SocketPair pair;
  RequestDeadline deadline;
  auto start = RequestDeadline::Clock::now();
  deadline.arm(start + 200ms);
  deadline.attach(pair.ends[0]);
  char byte = 0;
  CHECK(::recv(pair.ends[0], &byte, 1, 0) == 0);  // shut down: end of stream, though the peer is silent
  auto elapsed = RequestDeadline::Clock::now() - start;
  CHECK(elapsed >= 200ms);
  CHECK(elapsed < 5s);
  CHECK(deadline.expired());
}

TEST_CASE("a deadline passed before the socket is attached shuts it at once", "[kestra][deadline]") {
  SocketPair pair;
  RequestDeadline deadline;
  deadline.arm(RequestDeadline::Clock::now() + 10ms);
  std::this_thread::sleep_for(100ms);  // the connection took longer than the whole request may
  CHECK(deadline.expired());
  deadline.attach(pair.ends[0]);
  char byte = 0;
  CHECK(::recv(pair.ends[0], &byte, 1, MSG_DONTWAIT) == 0);
}

TEST_CASE("a disarmed or detached deadline leaves the socket alone, and arming again starts afresh", "[kestra][deadline]") {
  SocketPair pair;
  RequestDeadline deadline;
  deadline.arm(RequestDeadline::Clock::now() + 50ms);
  deadline.attach(pair.ends[0]);
  deadline.disarm();
  std::this_thread::sleep_for(150ms);
  CHECK_FALSE(deadline.expired());
  CHECK(::send(pair.ends[1], "x", 1, 0) == 1);
  char byte = 0;
  CHECK(::recv(pair.ends[0], &byte, 1, 0) == 1);  // still open both ways

  deadline.arm(RequestDeadline::Clock::now() + 50ms);
  deadline.attach(pair.ends[0]);
  deadline.detach();  // about to be closed by its owner: expiry is recorded, the socket not touched
  std::this_thread::sleep_for(150ms);
  CHECK(deadline.expired());
  CHECK(::send(pair.ends[1], "y", 1, 0) == 1);
  CHECK(::recv(pair.ends[0], &byte, 1, 0) == 1);

  deadline.arm(RequestDeadline::Clock::now() + 10s);
  CHECK_FALSE(deadline.expired());
}
