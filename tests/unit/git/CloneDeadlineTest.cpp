// CloneDeadline: expires after its limit, and only then shuts down the sockets opened since it started.
#include <catch2/catch_test_macros.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "Process.h"
#include "git/CloneDeadline.h"

using kcicd::git::CloneDeadline;
using namespace std::chrono;

namespace {

int connectTo(const kcicd::test::LoopbackListener& listener) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(listener.port()));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Waits up to `timeout` for something to read on a connection the server never writes to: what recv
// returned (0 = shut down, -1 = nothing came) and after how long.
std::pair<ssize_t, double> readSilentConnection(int fd, milliseconds timeout) {
  auto started = steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ssize_t got = -1;
  if (poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
    char byte;
    got = recv(fd, &byte, 1, MSG_DONTWAIT);
  }
  return {got, duration<double>(steady_clock::now() - started).count()};
}

}  // namespace

TEST_CASE("CloneDeadline expires after its limit, not before", "[git][deadline]") {
  CloneDeadline deadline(milliseconds(300));
  CHECK_FALSE(deadline.expired());
  usleep(350000);
  CHECK(deadline.expired());
}

TEST_CASE("at the deadline the sockets opened since it started are shut down, older ones are not",
          "[git][deadline]") {
  kcicd::test::LoopbackListener listener(8);
  int before = connectTo(listener);
  {
    CloneDeadline deadline(milliseconds(300));
    int during = connectTo(listener);
    CHECK(readSilentConnection(during, milliseconds(100)).first == -1);  // open until the deadline
    auto [got, elapsed] = readSilentConnection(during, seconds(10));
    CHECK(got == 0);  // end-of-file: shut down
    CHECK(elapsed < 2);
    int reconnected = connectTo(listener);  // after the deadline: shut down within the repeat interval
    CHECK(readSilentConnection(reconnected, seconds(2)).first == 0);
    CHECK(readSilentConnection(before, milliseconds(300)).first == -1);  // still open
    close(during);
    close(reconnected);
  }
  close(before);
}
