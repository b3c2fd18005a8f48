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
#include <Poco/URI.h>

#include <istream>
#include <mutex>
#include <ostream>

#include "runtime/Base64.h"
#include "runtime/Errors.h"
#include "runtime/Version.h"

namespace kcicd::kestra {

namespace {

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
  params.verificationMode = config.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
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
  if (proxy && !bypassesProxy(config_.noProxy, host_)) {
    session_->setProxy(proxy->host, proxy->port);
    if (!proxy->user.empty()) session_->setProxyCredentials(proxy->user, proxy->password);
  }
  session_->setTimeout(toTimespan(config_.connectTimeout), toTimespan(config_.readTimeout),
                       toTimespan(config_.readTimeout));
  session_->setKeepAlive(true);
  // Below the idle timeouts of common servers (Node 5 s, Netty longer), so a reused socket is still open.
  session_->setKeepAliveTimeout(Poco::Timespan(3, 0));
}

HttpResponse HttpTransport::send(const HttpRequest& request, RequestKind kind) {
  if (!session_) openSession();
  Poco::Net::HTTPRequest req(request.method, basePath_ + request.target, Poco::Net::HTTPMessage::HTTP_1_1);
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
    req.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
  }

  // A write request never goes out on a socket idle for more than a second: had the server closed it
  // meanwhile, the failure would not prove whether the body was processed.
  auto now = std::chrono::steady_clock::now();
  if (kind == RequestKind::Write && now - lastUsed_ > std::chrono::seconds(1)) session_->reset();
  lastUsed_ = now;
  bool wasConnected = session_->connected();
  std::ostream* os = nullptr;
  try {
    os = &session_->sendRequest(req);
  } catch (const Poco::Net::SSLException& e) {
    session_->reset();
    throw RemoteError(tlsMessage(origin_, e, config_));
  } catch (const Poco::Exception& e) {
    session_->reset();
    bool connectFailure = !wasConnected;
    std::string what = connectFailure ? "cannot connect to " + origin_ : "connection to " + origin_ + " broken";
    if (dynamic_cast<const Poco::TimeoutException*>(&e))
      what += ": no connection within the connect timeout (" + seconds(config_.connectTimeout) + ")";
    else
      what += ": " + e.message();
    throw TransportFailure(connectFailure ? AttemptOutcome::ConnectFailed : AttemptOutcome::SendOrReadFailed, what);
  }

  HttpResponse response;
  try {
    *os << request.body;
    os->flush();
    Poco::Net::HTTPResponse resp;
    std::istream& in = session_->receiveResponse(resp);
    response.status = static_cast<int>(resp.getStatus());
    response.reason = resp.getReason();
    response.contentType = resp.getContentType();
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      response.body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (response.body.size() > config_.maxResponseBytes) {
        session_->reset();
        throw RemoteError("the answer of " + origin_ + " to " + request.method + " " + request.target +
                          " is larger than " + std::to_string(config_.maxResponseBytes >> 20) + " MiB; refused");
      }
    }
    if (resp.hasContentLength() && static_cast<Poco::Int64>(response.body.size()) < resp.getContentLength64()) {
      session_->reset();
      throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                             "connection to " + origin_ + " closed mid-response (" +
                                 std::to_string(response.body.size()) + " of " +
                                 std::to_string(resp.getContentLength64()) + " bytes)");
    }
  } catch (const Poco::Net::SSLException& e) {
    session_->reset();
    throw RemoteError(tlsMessage(origin_, e, config_));
  } catch (const Poco::TimeoutException&) {
    session_->reset();
    throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                           "no answer from " + origin_ + " within the read timeout (" +
                               seconds(config_.readTimeout) + ")");
  } catch (const Poco::Exception& e) {
    session_->reset();
    throw TransportFailure(AttemptOutcome::SendOrReadFailed,
                           "connection to " + origin_ + " broken: " + e.message());
  }
  lastUsed_ = std::chrono::steady_clock::now();
  return response;
}

}  // namespace kcicd::kestra
