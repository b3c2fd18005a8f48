#pragma once
#include <optional>
#include <string>

namespace kcicd::git {

// The server libgit2 is talking to, as it looked its name up: after an HTTP redirect this is the
// redirect target, which libgit2 1.8 never tells the credentials callback (its `url` stays the
// remote's URL).
struct ServerName {
  std::string host;
  int port = 0;  // 0 when the service was not a number
};

// While an instance lives, getaddrinfo(3) calls made on this thread are recorded (ServerLookup.cpp
// defines getaddrinfo and forwards to libc's, as TcpNoDelay.cpp does for connect).
class ServerLookup {
 public:
  ServerLookup();
  ~ServerLookup();
  ServerLookup(const ServerLookup&) = delete;
  ServerLookup& operator=(const ServerLookup&) = delete;

  // The last name looked up on this thread while an instance lived, if any.
  static std::optional<ServerName> last();
};

}  // namespace kcicd::git
