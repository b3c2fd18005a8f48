#include "HttpTransport.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/Socket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <istream>
#include <mutex>
#include <ostream>

#include "runtime/Base64.h"
#include "runtime/SizeLimit.h"
#include "runtime/Errors.h"
#include "runtime/Masker.h"
#include "runtime/Version.h"

namespace kcicd::kestra {

namespace {

// How long a write waits for 100 Continue before sending its body anyway (as long as curl waits).
constexpr std::chrono::milliseconds kContinueTimeout{1000};

Poco::Timespan toTimespan(std::chrono::milliseconds ms) { return Poco::Timespan(ms.count() * 1000); }

std::string seconds(std::chrono::milliseconds ms) {
  auto s = std::to_string(static_cast<double>(ms.count()) / 1000.0);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "s";
}

void initializeSsl() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr tlsContext(const ClientConfig& config) {
  Poco::Net::Context::Params params;
  // STRICT, not RELAXED: Poco (1.11, SecureSocketImpl::verifyPeerCertificateImpl) skips the host name
  // check for loopback addresses under RELAXED, so a certificate for another name would pass on 127.0.0.1.
  params.verificationMode = config.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_STRICT;
  params.loadDefaultCAs = true;
  params.caLocation = config.caFile;
  params.cipherList = "DEFAULT";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  if (config.insecure) context->enableExtendedCertificateVerification(false);
  return context;
}

std::string tlsMessage(const std::string& origin, const Poco::Exception& e, const ClientConfig& config) {
  std::string hint = config.caFile.empty() ? " (trust a private CA with --ca-cert FILE or KESTRA_CA_CERT)"
                                           : " (checked against --ca-cert " + config.caFile + ")";
  return "TLS connection to " + origin + " failed: " + e.message() + hint;
}

}  // namespace

HttpTransport::HttpTransport(const ClientConfig& config) : config_(config) {
  Poco::URI uri;
  try {
    uri = Poco::URI(config.server);
  } catch (const Poco::Exception& e) {
    throw UsageError("--server '" + config.server + "' is not a URL: " + e.message());
  }
  scheme_ = uri.getScheme();
  if ((scheme_ != "http" && scheme_ != "https") || uri.getHost().empty())
    throw UsageError("--server '" + config.server + "' must be an http:// or https:// URL");
  host_ = uri.getHost();
  port_ = uri.getPort();
  basePath_ = uri.getPath();
  while (!basePath_.empty() && basePath_.back() == '/') basePath_.pop_back();
  bool ipv6 = host_.find(':') != std::string::npos;
  origin_ = scheme_ + "://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
  const auto& proxy = scheme_ == "https" ? config_.httpsProxy : config_.httpProxy;
  if (proxy && !bypassesProxy(config_.noProxy, host_)) {
    std::string password = proxy->password.empty() ? "" : ":" + std::string(Masker::kMask);
    std::string user = proxy->user.empty() ? "" : proxy->user + password + "@";
    std::string host = proxy->host.find(':') != std::string::npos ? "[" + proxy->host + "]" : proxy->host;
    via_ = " through proxy http://" + user + host + ":" + std::to_string(proxy->port);
  }
}

HttpTransport::~HttpTransport() = default;

void HttpTransport::openSession() {
  if (scheme_ == "https") {
    initializeSsl();
    session_ = std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, tlsContext(config_));
  } else {
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
  }
  const auto& proxy = scheme_ == "https" ? config_.httpsProxy : config_.httpProxy;
  if (!via_.empty()) {
    session_->setProxy(proxy->host, proxy->port);
    if (!proxy->user.empty()) session_->setProxyCredentials(proxy->user, proxy->password);
  }
  session_->setTimeout(toTimespan(config_.connectTimeout), toTimespan(config_.readTimeout),
                       toTimespan(config_.readTimeout));
  session_->setKeepAlive(true);
  // Below the idle timeouts of common servers (Node 5 s, Netty longer), so a reused socket is still open.
  session_->setKeepAliveTimeout(Poco::Timespan(3, 0));
}

void HttpTransport::resetSession() {
  deadline_.detach();
  session_->reset();
}

void HttpTransport::throwExpired(const HttpRequest& request) {
  resetSession();
  throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                         "no complete answer from " + origin_ + via_ + " to " + request.method + " " +
                             request.target + " within --timeout (" + seconds(config_.requestTimeout) + ")");
}

HttpResponse HttpTransport::send(const HttpRequest& request, RequestKind kind) {
  deadline_.arm(RequestDeadline::Clock::now() + config_.requestTimeout);
  struct Disarm {
    RequestDeadline& deadline;
    ~Disarm() { deadline.disarm(); }
  } disarm{deadline_};
  bool expectContinue = kind == RequestKind::Write && request.contentLength() > 0 && !expectIgnored_;
  HttpResponse response;
  try {
    response = exchange(request, kind, expectContinue);
    if (!response.bodySent && response.status == 417) {
      // 417 Expectation Failed: repeat the request without the expectation (RFC 9110 §10.1.1).
      // The body never left, so sending the request again (without Expect) cannot apply it twice.
      expectIgnored_ = true;
      response = exchange(request, kind, false);
    }
  } catch (const ContinueTimedOut&) {
    expectIgnored_ = true;
    response = exchange(request, kind, false);
  }
  return response;
}

// Sends the request head, then waits for the interim answer: true when the body is to be sent (100 Continue,
// or nothing within kContinueTimeout), false when `response` holds the server's final answer instead.
bool HttpTransport::awaitContinue(std::ostream& requestStream, Poco::Net::HTTPResponse& response) {
  requestStream.flush();
  Poco::Net::StreamSocket& socket = session_->socket();
  if (!socket.poll(toTimespan(kContinueTimeout), Poco::Net::Socket::SELECT_READ)) return true;
  // Readable, but over TLS that may be a session ticket rather than an answer: bound the wait.
  socket.setReceiveTimeout(toTimespan(kContinueTimeout));
  try {
    bool proceed = session_->peekResponse(response);
    socket.setReceiveTimeout(toTimespan(config_.readTimeout));
    return proceed;
  } catch (const Poco::TimeoutException&) {
    resetSession();
    throw ContinueTimedOut{};
  }
}

// Copies request.bodyFile to the socket in chunks. A file that cannot be read, or whose size is no longer
// the announced one, ends the connection: the server gets a short body and stores nothing.
void HttpTransport::sendFile(std::ostream& out, const HttpRequest& request) {
  std::ifstream in(request.bodyFile, std::ios::binary);
  std::uint64_t sent = 0;
  char buffer[65536];
  while (in && sent < request.bodyFileSize) {
    in.read(buffer, static_cast<std::streamsize>(std::min<std::uint64_t>(sizeof buffer, request.bodyFileSize - sent)));
    out.write(buffer, in.gcount());
    sent += static_cast<std::uint64_t>(in.gcount());
  }
  if (sent != request.bodyFileSize || in.peek() != std::char_traits<char>::eof()) {
    resetSession();
    throw RemoteError("'" + request.bodyFile + "' changed while it was being sent (" + std::to_string(sent) + " of " +
                      std::to_string(request.bodyFileSize) + " bytes read); nothing was stored, run again");
  }
}

// The request line and headers: the configured credentials and headers on every request.
void HttpTransport::prepare(Poco::Net::HTTPRequest& req, const HttpRequest& request, bool expectContinue) const {
  req.setKeepAlive(true);
  req.set("Accept", "application/json");
  req.set("User-Agent", std::string("kestra-cicd/") + kVersion);
  if (config_.auth.kind == Auth::Kind::Basic)
    req.set("Authorization", "Basic " + base64::encode(config_.auth.user + ":" + config_.auth.password));
  else if (config_.auth.kind == Auth::Kind::Bearer)
    req.set("Authorization", "Bearer " + config_.auth.token);
  for (const auto& [name, value] : config_.headers) req.set(name, value);
  if (!request.contentType.empty() || request.method == "POST") {
    req.setContentType(request.contentType);
    req.setContentLength64(static_cast<Poco::Int64>(request.contentLength()));
  }
  if (expectContinue) req.setExpectContinue(true);
}

// Sends the request head; the stream the body goes to.
std::ostream& HttpTransport::sendHead(Poco::Net::HTTPRequest& req, const HttpRequest& request) {
  bool wasConnected = session_->connected();
  try {
    std::ostream& os = session_->sendRequest(req);
    deadline_.attach(session_->socket().impl()->sockfd());
    return os;
  } catch (const Poco::Net::SSLException& e) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    throw RemoteError(tlsMessage(origin_, e, config_));
  } catch (const Poco::Exception& e) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    sendFailed(e, wasConnected);
  }
}

void HttpTransport::sendFailed(const Poco::Exception& e, bool wasConnected) {
  if (dynamic_cast<const Poco::Net::HTTPException*>(&e) && !via_.empty()) {
    // The proxy refused the CONNECT tunnel (https:// servers): nothing reached the server.
    std::string what = "proxy" + via_.substr(std::string(" through proxy").size()) + " refused the tunnel to " +
                       origin_ + ": " + e.message();
    if (e.message().find("Proxy Authentication Required") != std::string::npos)
      throw RemoteError(what + "; give the credentials in the proxy URL (http://user:password@host:port)");
    throw TransportFailure(AttemptOutcome::ConnectFailed, what);
  }
  bool connectFailure = !wasConnected;
  std::string what =
      connectFailure ? "cannot connect to " + origin_ + via_ : "connection to " + origin_ + via_ + " broken";
  if (dynamic_cast<const Poco::TimeoutException*>(&e))
    what += ": no connection within the connect timeout (" + seconds(config_.connectTimeout) + ")";
  else
    what += ": " + e.displayText();
  throw TransportFailure(connectFailure ? AttemptOutcome::ConnectFailed : AttemptOutcome::SendOrReadFailed, what);
}

// The size limit is checked on Content-Length before reading, then while reading (chunked answers): a huge
// answer is never buffered beyond the limit.
void HttpTransport::readBody(std::istream& in, const Poco::Net::HTTPResponse& resp, const HttpRequest& request,
                             std::string& body) {
  auto tooLarge = [&] {
    resetSession();
    return RemoteError("the answer of " + origin_ + " to " + request.method + " " + request.target +
                       " is larger than " + describeBytes(config_.maxResponseBytes) +
                       "; refused (raise --max-response-size)");
  };
  if (resp.hasContentLength()) {
    if (resp.getContentLength64() > 0 &&
        static_cast<std::uint64_t>(resp.getContentLength64()) > config_.maxResponseBytes)
      throw tooLarge();
    body.reserve(static_cast<std::size_t>(std::max<Poco::Int64>(resp.getContentLength64(), 0)));
  }
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    auto n = static_cast<std::size_t>(in.gcount());
    if (body.size() + n > config_.maxResponseBytes) throw tooLarge();
    appendWithinLimit(body, buffer, n, config_.maxResponseBytes);
  }
  if (resp.hasContentLength() && static_cast<Poco::Int64>(body.size()) < resp.getContentLength64()) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                           "connection to " + origin_ + " closed mid-response (" + std::to_string(body.size()) +
                               " of " + std::to_string(resp.getContentLength64()) + " bytes)");
  }
}

HttpResponse HttpTransport::exchange(const HttpRequest& request, RequestKind kind, bool expectContinue) {
  if (!session_) openSession();
  Poco::Net::HTTPRequest req(request.method, basePath_ + request.target, Poco::Net::HTTPMessage::HTTP_1_1);
  prepare(req, request, expectContinue);
  // A write request never goes out on a socket idle for more than a second: had the server closed it
  // meanwhile, the failure would not prove whether the body was processed.
  auto now = std::chrono::steady_clock::now();
  if (kind == RequestKind::Write && now - lastUsed_ > std::chrono::seconds(1)) resetSession();
  lastUsed_ = now;
  std::ostream& os = sendHead(req, request);

  HttpResponse response;
  try {
    Poco::Net::HTTPResponse resp;
    response.bodySent = !expectContinue || awaitContinue(os, resp);
    if (response.bodySent) {
      os << request.body;
      if (!request.bodyFile.empty()) sendFile(os, request);
      os << request.bodyTail;
      os.flush();
    }
    std::istream& in = session_->receiveResponse(resp);
    response.status = static_cast<int>(resp.getStatus());
    response.reason = resp.getReason();
    response.contentType = resp.getContentType();
    readBody(in, resp, request, response.body);
    if (!response.bodySent) resetSession();  // the request's announced body never came: start afresh
  } catch (const Poco::Net::SSLException& e) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    throw RemoteError(tlsMessage(origin_, e, config_));
  } catch (const Poco::TimeoutException&) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                           "no answer from " + origin_ + " within the read timeout (" +
                               seconds(config_.readTimeout) + ")");
  } catch (const Poco::Exception& e) {
    if (deadline_.expired()) throwExpired(request);
    resetSession();
    throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                           "connection to " + origin_ + via_ + " broken: " + e.displayText());
  }
  // A chunked answer cut by the deadline ends like a short one: the expiry decides.
  if (deadline_.expired()) throwExpired(request);
  lastUsed_ = std::chrono::steady_clock::now();
  return response;
}

}  // namespace kcicd::kestra
