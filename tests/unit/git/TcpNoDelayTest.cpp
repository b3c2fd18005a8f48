// TcpNoDelay: TCP connections opened while it lives have TCP_NODELAY; others keep the default.
#include <catch2/catch_test_macros.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "Process.h"
#include "git/TcpNoDelay.h"

namespace {

// Connects a new socket to `addr` and returns its TCP_NODELAY setting.
int noDelayOfNewConnection(const sockaddr_in& addr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  int value = -1;
  socklen_t size = sizeof value;
  REQUIRE(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &size) == 0);
  close(fd);
  return value;
}

}  // namespace

TEST_CASE("TcpNoDelay sets TCP_NODELAY on connections opened while it lives", "[git][tcp]") {
  kcicd::test::LoopbackListener listener(8);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(listener.port()));

  CHECK(noDelayOfNewConnection(addr) == 0);
  {
    kcicd::git::TcpNoDelay scope;
    CHECK(noDelayOfNewConnection(addr) != 0);
  }
  CHECK(noDelayOfNewConnection(addr) == 0);
}
