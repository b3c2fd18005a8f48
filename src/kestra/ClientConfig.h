#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "RetryPolicy.h"
#include "runtime/Environment.h"

namespace kcicd::kestra {

// How requests authenticate: Kestra OSS basic auth (mandatory since 0.24) or an EE API token.
struct Auth {
  enum class Kind { None, Basic, Bearer };
  Kind kind = Kind::None;
  std::string user;      // Basic
  std::string password;  // Basic
  std::string token;     // Bearer
  // "basic auth (user alice@example.com)", "bearer token", "no credentials": for 401/403 messages.
  std::string describe() const;
};

// An HTTP(S) proxy, from HTTPS_PROXY / HTTP_PROXY (curl's conventions).
struct Proxy {
  std::string host;
  unsigned short port = 0;
  std::string user;
  std::string password;
};

struct ClientConfig {
  std::string server = "http://localhost:8080";  // scheme://host[:port][/prefix]
  std::optional<std::string> tenant = "main";    // nullopt: pre-0.23 tenant-less /api/v1/… paths
  Auth auth;
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::chrono::milliseconds connectTimeout{10000};
  std::chrono::milliseconds readTimeout{60000};      // idle: nothing received for this long
  std::chrono::milliseconds requestTimeout{300000};  // overall: one request, connect to last byte
  std::string caFile;     // PEM bundle to trust (in addition to the system's)
  bool insecure = false;  // skip TLS certificate and host name verification
  std::optional<Proxy> httpProxy;
  std::optional<Proxy> httpsProxy;
  std::vector<std::string> noProxy;  // host suffixes, "*" for all
  RetryPolicy retry;
  std::size_t maxResponseBytes = 64u << 20;  // a larger answer is refused (RemoteError)
};

// Fills the proxy fields from HTTPS_PROXY/https_proxy, HTTP_PROXY/http_proxy and NO_PROXY/no_proxy.
// Throws UsageError naming the variable when a proxy URL is malformed.
void applyProxyEnvironment(ClientConfig& config, const Environment& env);

// True when `host` matches a NO_PROXY entry (exact, suffix ".example.com" / "example.com", or "*").
bool bypassesProxy(const std::vector<std::string>& noProxy, const std::string& host);

}  // namespace kcicd::kestra
