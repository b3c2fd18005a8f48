// CloneDeadline: expires after its limit, and only then interrupts the cloning thread's blocking waits.
#include <catch2/catch_test_macros.hpp>

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "git/CloneDeadline.h"

using kcicd::git::CloneDeadline;
using namespace std::chrono;

namespace {

// Waits up to `timeout` for a pipe nobody writes to: poll's result and errno, and how long it took.
struct Wait {
  int result;
  int error;
  double seconds;
};

Wait waitOnSilentPipe(milliseconds timeout) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pollfd p{fds[0], POLLIN, 0};
  auto started = steady_clock::now();
  int result = poll(&p, 1, static_cast<int>(timeout.count()));
  Wait w{result, errno, duration<double>(steady_clock::now() - started).count()};
  close(fds[0]);
  close(fds[1]);
  return w;
}

}  // namespace

TEST_CASE("CloneDeadline expires after its limit, not before", "[git][deadline]") {
  CloneDeadline deadline(milliseconds(300));
  CHECK_FALSE(deadline.expired());
  auto w = waitOnSilentPipe(milliseconds(100));  // a wait within the limit runs to its own end
  CHECK(w.result == 0);
  CHECK_FALSE(deadline.expired());
  usleep(300000);
  CHECK(deadline.expired());
}

TEST_CASE("after the deadline a blocking wait on the cloning thread fails with EINTR", "[git][deadline]") {
  CloneDeadline deadline(milliseconds(200));
  auto first = waitOnSilentPipe(seconds(10));
  CHECK(first.result == -1);
  CHECK(first.error == EINTR);
  CHECK(first.seconds < 2);
  // A later wait is interrupted too (the timer repeats): libgit2 may wait again after the first one.
  auto again = waitOnSilentPipe(seconds(10));
  CHECK(again.result == -1);
  CHECK(again.seconds < 1);
}

TEST_CASE("CloneDeadline restores the SIGALRM disposition it found", "[git][deadline]") {
  struct sigaction before {}, after {};
  sigaction(SIGALRM, nullptr, &before);
  { CloneDeadline deadline(milliseconds(1)); usleep(50000); }
  sigaction(SIGALRM, nullptr, &after);
  CHECK(after.sa_handler == before.sa_handler);
}
