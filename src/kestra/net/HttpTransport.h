#pragma once
#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "kestra/RequestDeadline.h"
#include "kestra/Transport.h"

namespace Poco {
class Exception;
}
namespace Poco::Net {
class HTTPClientSession;
class HTTPRequest;
class HTTPResponse;
}

namespace kcicd::kestra {

// One HTTP/1.1 keep-alive connection to the Kestra server (Poco::Net), reused across requests, with TLS
// verification, proxy, timeouts and the configured headers and credentials on every request.
// A write (RequestKind::Write) with a body is sent with `Expect: 100-continue`: its body goes out only after
// the server's 100 Continue, or after a second without any answer (RFC 9110 §10.1.1); a final answer before
// that is returned with bodySent = false, except 417 (and a stalled interim answer), after which the request
// is sent again without Expect — its body never left, so it cannot be applied twice.
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
  const std::string& via() const override { return via_; }

 private:
  struct ContinueTimedOut {};  // a partial interim answer, then silence: the session is closed
  void openSession();
  void resetSession();  // detaches the deadline first: its watcher must never see a reused descriptor
  [[noreturn]] void throwExpired(const HttpRequest& request);
  HttpResponse exchange(const HttpRequest& request, RequestKind kind, bool expectContinue);
  void prepare(Poco::Net::HTTPRequest& req, const HttpRequest& request, bool expectContinue) const;
  std::ostream& sendHead(Poco::Net::HTTPRequest& req, const HttpRequest& request);
  [[noreturn]] void sendFailed(const Poco::Exception& e, bool wasConnected);
  void readBody(std::istream& in, const Poco::Net::HTTPResponse& resp, const HttpRequest& request, std::string& body);
  void sendFile(std::ostream& out, const HttpRequest& request);
  bool awaitContinue(std::ostream& requestStream, Poco::Net::HTTPResponse& response);
  const ClientConfig& config_;
  std::string scheme_, host_, basePath_, origin_;
  std::string via_;              // " through proxy http://user:******@host:port", or empty
  bool expectIgnored_ = false;   // the server left an Expect unanswered: send bodies straight away
  unsigned short port_ = 0;
  std::chrono::steady_clock::time_point lastUsed_{};
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  RequestDeadline deadline_;  // declared after session_: destroyed (its watcher stopped) before it
};

}  // namespace kcicd::kestra
