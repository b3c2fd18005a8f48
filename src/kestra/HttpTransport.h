#pragma once
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ClientConfig.h"
#include "RetryPolicy.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace kcicd::kestra {

struct HttpRequest {
  std::string method;  // GET, POST
  std::string target;  // path and query, already encoded
  std::string contentType;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string contentType;
  std::string body;
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

// One HTTP/1.1 keep-alive connection to the Kestra server (Poco::Net), reused across requests, with TLS
// verification, proxy, timeouts and the configured headers and credentials on every request.
// send() throws TransportFailure (retryable or not, see RetryPolicy) and RemoteError for TLS failures and
// oversized answers; it never retries by itself.
class HttpTransport {
 public:
  explicit HttpTransport(const ClientConfig& config);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  HttpResponse send(const HttpRequest& request, RequestKind kind);
  // "http://host:port" without path or credentials, for messages.
  const std::string& origin() const { return origin_; }

 private:
  void openSession();
  const ClientConfig& config_;
  std::string scheme_, host_, basePath_, origin_;
  unsigned short port_ = 0;
  std::chrono::steady_clock::time_point lastUsed_{};
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace kcicd::kestra
