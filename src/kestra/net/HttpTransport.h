#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "kestra/Transport.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace kcicd::kestra {

// One HTTP/1.1 keep-alive connection to the Kestra server (Poco::Net), reused across requests, with TLS
// verification, proxy, timeouts and the configured headers and credentials on every request.
// send() throws TransportFailure (retryable or not, see RetryPolicy) and RemoteError for TLS failures and
// oversized answers; it never retries by itself.
class HttpTransport : public Transport {
 public:
  explicit HttpTransport(const ClientConfig& config);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  HttpResponse send(const HttpRequest& request, RequestKind kind) override;
  // "http://host:port" without path or credentials, for messages.
  const std::string& origin() const override { return origin_; }

 private:
  void openSession();
  const ClientConfig& config_;
  std::string scheme_, host_, basePath_, origin_;
  unsigned short port_ = 0;
  std::chrono::steady_clock::time_point lastUsed_{};
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace kcicd::kestra
