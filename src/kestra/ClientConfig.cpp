#include "ClientConfig.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <sstream>

#include "runtime/Errors.h"

namespace kcicd::kestra {

std::string Auth::describe() const {
  switch (kind) {
    case Kind::Basic:
      return "basic auth (user '" + user + "')";
    case Kind::Bearer:
      return "bearer API token";
    case Kind::None:
      break;
  }
  return "no credentials";
}

namespace {

std::optional<std::string> firstSet(const Environment& env, const char* upper, const char* lower) {
  for (const char* name : {upper, lower})
    if (auto v = env.get(name); v && !v->empty()) return v;
  return std::nullopt;
}

std::optional<Proxy> parseProxy(const std::string& value, const std::string& variable) {
  std::string text = value.find("://") == std::string::npos ? "http://" + value : value;
  try {
    Poco::URI uri(text);
    if (uri.getHost().empty() || (uri.getScheme() != "http" && uri.getScheme() != "https"))
      throw UsageError("");
    Proxy proxy;
    proxy.host = uri.getHost();
    proxy.port = uri.getPort() != 0 ? uri.getPort() : 1080;
    if (std::string info = uri.getUserInfo(); !info.empty()) {
      auto colon = info.find(':');
      Poco::URI::decode(info.substr(0, colon), proxy.user);
      if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), proxy.password);
    }
    return proxy;
  } catch (const Poco::Exception&) {
  } catch (const UsageError&) {
  }
  throw UsageError("environment variable " + variable + " is not a proxy URL (expected http://host:port)");
}

}  // namespace

void applyProxyEnvironment(ClientConfig& config, const Environment& env) {
  if (auto https = firstSet(env, "HTTPS_PROXY", "https_proxy")) config.httpsProxy = parseProxy(*https, "HTTPS_PROXY");
  if (auto http = firstSet(env, "HTTP_PROXY", "http_proxy")) config.httpProxy = parseProxy(*http, "HTTP_PROXY");
  if (auto none = firstSet(env, "NO_PROXY", "no_proxy")) {
    std::stringstream list(*none);
    std::string entry;
    while (std::getline(list, entry, ',')) {
      auto begin = entry.find_first_not_of(" \t");
      auto end = entry.find_last_not_of(" \t");
      if (begin != std::string::npos) config.noProxy.push_back(entry.substr(begin, end - begin + 1));
    }
  }
}

bool bypassesProxy(const std::vector<std::string>& noProxy, const std::string& host) {
  for (std::string entry : noProxy) {
    if (entry == "*") return true;
    if (auto colon = entry.rfind(':'); colon != std::string::npos && entry.find(']') == std::string::npos &&
                                       entry.find(':') == colon)
      entry.erase(colon);  // "host:port" → host
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (entry.empty()) continue;
    if (host == entry) return true;
    if (host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
        host[host.size() - entry.size() - 1] == '.')
      return true;
  }
  return false;
}

}  // namespace kcicd::kestra
