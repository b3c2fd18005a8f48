#include "ClientConfig.h"

#include <sstream>

#include "runtime/Errors.h"
#include "runtime/PercentDecode.h"

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

// [http[s]://][user[:password]@]host[:port][/], as curl reads the proxy variables.
std::optional<Proxy> parseProxy(const std::string& value, const std::string& variable) {
  auto invalid = [&] {
    return UsageError("environment variable " + variable + " is not a proxy URL (expected http://host:port)");
  };
  std::string rest = value;
  if (auto scheme = rest.find("://"); scheme != std::string::npos) {
    if (std::string name = rest.substr(0, scheme); name != "http" && name != "https") throw invalid();
    rest = rest.substr(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  Proxy proxy;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    std::string info = rest.substr(0, at);
    auto colon = info.find(':');
    proxy.user = percentDecode(info.substr(0, colon));
    if (colon != std::string::npos) proxy.password = percentDecode(info.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  std::string port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]
    auto close = rest.find(']');
    if (close == std::string::npos) throw invalid();
    proxy.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') throw invalid();
      port = rest.substr(close + 2);
    }
  } else {
    auto colon = rest.find(':');
    proxy.host = rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
  }
  if (proxy.host.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    throw invalid();
  unsigned long number = port.empty() ? 1080 : std::stoul(port);
  if (number == 0 || number > 65535) throw invalid();
  proxy.port = static_cast<unsigned short>(number);
  return proxy;
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
