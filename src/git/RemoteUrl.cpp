#include "RemoteUrl.h"

#include <cctype>

#include "runtime/Errors.h"
#include "runtime/Masker.h"

namespace kcicd::git {
namespace {

[[noreturn]] void invalid(std::string_view url, const std::string& why) {
  throw UsageError("invalid repository URL '" + maskUrlCredentials(url) + "': " + why);
}

bool validHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return host.back() == ']' && host.size() > 2;  // IPv6 literal
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
  return true;
}

// authority = [user[:password]@]host[:port]
void parseAuthority(std::string_view url, std::string_view authority, RemoteUrl& r) {
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    auto info = authority.substr(0, at);
    auto colon = info.find(':');
    r.user = std::string(info.substr(0, colon));
    if (colon != std::string_view::npos) r.password = std::string(info.substr(colon + 1));
    authority = authority.substr(at + 1);
  }
  auto portColon = authority.rfind(':');
  if (portColon != std::string_view::npos && authority.find(']', portColon) == std::string_view::npos) {
    auto port = authority.substr(portColon + 1);
    authority = authority.substr(0, portColon);
    if (port.empty() || port.size() > 5) invalid(url, "bad port");
    int value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) invalid(url, "bad port '" + std::string(port) + "'");
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) invalid(url, "port out of range");
    r.port = value;
  }
  if (!validHost(authority)) invalid(url, "missing or malformed host");
  r.host = std::string(authority);
}

}  // namespace

std::string_view toString(Transport transport) {
  switch (transport) {
    case Transport::Https: return "https";
    case Transport::Http: return "http";
    case Transport::Ssh: return "ssh";
    case Transport::Git: return "git";
    case Transport::Local: return "local";
  }
  return "?";
}

int RemoteUrl::effectivePort() const {
  if (port != 0) return port;
  switch (transport) {
    case Transport::Https: return 443;
    case Transport::Http: return 80;
    case Transport::Ssh: return 22;
    case Transport::Git: return 9418;
    case Transport::Local: return 0;
  }
  return 0;
}

RemoteUrl parseRemoteUrl(std::string_view url) {
  if (url.empty()) throw UsageError("repository URL is empty");
  for (char c : url)
    if (std::iscntrl(static_cast<unsigned char>(c)) || c == ' ') invalid(url, "contains whitespace or control characters");
  RemoteUrl r;
  auto schemeEnd = url.find("://");
  if (schemeEnd != std::string_view::npos) {
    std::string scheme(url.substr(0, schemeEnd));
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto rest = url.substr(schemeEnd + 3);
    if (scheme == "file") {
      r.transport = Transport::Local;
      r.path = std::string(rest);
      if (r.path.empty() || r.path.front() != '/') invalid(url, "file:// needs an absolute path");
      r.withoutPassword = std::string(url);
      return r;
    }
    if (scheme == "https") r.transport = Transport::Https;
    else if (scheme == "http") r.transport = Transport::Http;
    else if (scheme == "ssh" || scheme == "git+ssh" || scheme == "ssh+git") r.transport = Transport::Ssh;
    else if (scheme == "git") r.transport = Transport::Git;
    else
      throw UsageError("unsupported URL scheme '" + scheme + "://' in '" + maskUrlCredentials(url) +
                       "' (use https://, http://, ssh://, git://, file:// or user@host:path)");
    auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    r.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    parseAuthority(url, authority, r);
    if (r.path.size() <= 1) invalid(url, "missing repository path");
    if (!r.password.empty() && r.transport != Transport::Https && r.transport != Transport::Http)
      invalid(url, "a password in the URL is only accepted for http(s); use GIT_SSH_KEY");
    std::string hostPort = r.host + (r.port ? ":" + std::to_string(r.port) : "");
    if (r.transport == Transport::Ssh)
      r.withoutPassword = scheme + "://" + (r.user.empty() ? "" : r.user + "@") + hostPort + r.path;
    else
      r.withoutPassword = scheme + "://" + hostPort + r.path;
    return r;
  }
  // scp-like [user@]host:path: a ':' before any '/'.
  auto colon = url.find(':');
  auto slash = url.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash) && colon > 0) {
    r.transport = Transport::Ssh;
    auto authority = url.substr(0, colon);
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      r.user = std::string(authority.substr(0, at));
      authority = authority.substr(at + 1);
    }
    if (!validHost(authority)) invalid(url, "missing or malformed host");
    r.host = std::string(authority);
    r.path = std::string(url.substr(colon + 1));
    if (r.path.empty()) invalid(url, "missing repository path");
    r.withoutPassword = std::string(url);
    return r;
  }
  r.transport = Transport::Local;
  r.path = std::string(url);
  r.withoutPassword = r.path;
  return r;
}

}  // namespace kcicd::git
