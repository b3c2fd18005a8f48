// libgit2 1.8 resolves the name of every server it connects to (its socket stream, used by HTTP(S)
// and SSH) with getaddrinfo just before connecting, so the last lookup on the cloning thread names
// the server that asks for credentials. kestra-cicd defines getaddrinfo: the dynamic linker binds
// libgit2's calls to this definition, which records the name and calls libc's.
#include "ServerLookup.h"

#include <dlfcn.h>
#include <netdb.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace kcicd::git {
namespace {
std::atomic<int> active{0};
thread_local std::optional<ServerName> lastLookup;

int toPort(const char* service) {
  if (service == nullptr || *service == '\0') return 0;
  char* end = nullptr;
  long port = std::strtol(service, &end, 10);
  return *end == '\0' && port > 0 && port <= 65535 ? static_cast<int>(port) : 0;
}

void recordLookup(const char* node, const char* service) {
  if (active.load() > 0 && node != nullptr) lastLookup = ServerName{node, toPort(service)};
}
}  // namespace

ServerLookup::ServerLookup() {
  ++active;
  lastLookup.reset();
}
ServerLookup::~ServerLookup() {
  --active;
  lastLookup.reset();
}

std::optional<ServerName> ServerLookup::last() { return lastLookup; }

}  // namespace kcicd::git

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints, addrinfo** result) {
  using GetAddrInfo = int (*)(const char*, const char*, const addrinfo*, addrinfo**);
  static const GetAddrInfo libcGetAddrInfo = reinterpret_cast<GetAddrInfo>(dlsym(RTLD_NEXT, "getaddrinfo"));
  kcicd::git::recordLookup(node, service);
  if (libcGetAddrInfo == nullptr) {
    errno = ENOSYS;
    return EAI_SYSTEM;
  }
  return libcGetAddrInfo(node, service, hints, result);
}
