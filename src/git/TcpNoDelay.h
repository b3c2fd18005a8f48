#pragma once

namespace kcicd::git {

// While an instance lives, TCP connections the process opens (libgit2's, for a clone) send small
// writes at once (TCP_NODELAY), as git's curl does. libgit2 1.8 writes an HTTP request's headers
// and body separately and leaves Nagle's algorithm on, so each POST waited for the server's delayed
// ACK: ~40 ms per request, two requests per shallow clone (TcpNoDelay.cpp).
class TcpNoDelay {
 public:
  TcpNoDelay();
  ~TcpNoDelay();
  TcpNoDelay(const TcpNoDelay&) = delete;
  TcpNoDelay& operator=(const TcpNoDelay&) = delete;
};

}  // namespace kcicd::git
