#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "ClientConfig.h"
#include "RetryPolicy.h"

namespace kcicd::kestra {

struct HttpRequest {
  std::string method;  // GET, POST
  std::string target;  // path and query, already encoded
  std::string contentType;
  std::string body;
  // When set, the body is `body`, then this file's bytes read in chunks as they are sent (a large upload is
  // never held in memory), then `bodyTail`; `bodyFileSize` is the size the Content-Length counts on: a file
  // that no longer has it is refused rather than sent short.
  std::string bodyFile = {};
  std::uint64_t bodyFileSize = 0;
  std::string bodyTail = {};

  std::uint64_t contentLength() const { return body.size() + (bodyFile.empty() ? 0 : bodyFileSize) + bodyTail.size(); }
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string contentType;
  std::string body;
  bool bodySent = true;  // false: the server answered `Expect: 100-continue` without taking the body
};

// An attempt that got no complete response; outcome() tells whether anything reached the server.
class TransportFailure : public std::runtime_error {
 public:
  TransportFailure(AttemptOutcome outcome, const std::string& message)
      : std::runtime_error(message), outcome_(outcome) {}
  AttemptOutcome outcome() const { return outcome_; }

 private:
  AttemptOutcome outcome_;
};

// One connection to the Kestra server. send() throws TransportFailure (retryable or not, see RetryPolicy)
// and RemoteError for TLS failures and oversized answers; it never retries by itself.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request, RequestKind kind) = 0;
  // "http://host:port" without path or credentials, for messages.
  virtual const std::string& origin() const = 0;
  // " through proxy http://user:******@host:port" when requests go through a proxy, else empty.
  virtual const std::string& via() const = 0;
};

// The HTTP(S) transport lives in the network module (libkcicd-net.so, Poco and OpenSSL), loaded on the
// first call so that commands without a server (--version, --local, git clone) start without it.
// Throws CommandError (exit 3) when the module cannot be loaded. `config` must outlive the transport.
std::unique_ptr<Transport> openTransport(const ClientConfig& config);

}  // namespace kcicd::kestra
