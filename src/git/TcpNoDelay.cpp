// libgit2 1.8 has no hook on the sockets it opens (a registered GIT_STREAM_STANDARD stream would
// replace its socket stream, timeouts included, and its SSH transport reads that stream's
// internals), so kestra-cicd defines connect(2): the dynamic linker binds libgit2's calls to this
// definition, which sets TCP_NODELAY while a TcpNoDelay is alive and then calls libc's connect.
#include "TcpNoDelay.h"

#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

namespace kcicd::git {
namespace {
std::atomic<int> active{0};
}  // namespace

TcpNoDelay::TcpNoDelay() { ++active; }
TcpNoDelay::~TcpNoDelay() { --active; }

}  // namespace kcicd::git

extern "C" int connect(int fd, const sockaddr* address, socklen_t length) {
  using Connect = int (*)(int, const sockaddr*, socklen_t);
  static const Connect libcConnect = reinterpret_cast<Connect>(dlsym(RTLD_NEXT, "connect"));
  if (kcicd::git::active.load() > 0 && address && (address->sa_family == AF_INET || address->sa_family == AF_INET6)) {
    int type = 0;
    socklen_t size = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // best effort
    }
  }
  if (libcConnect == nullptr) return static_cast<int>(syscall(SYS_connect, fd, address, length));  // static libc
  return libcConnect(fd, address, length);
}
