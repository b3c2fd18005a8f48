#include "CredentialOrigins.h"

#include <algorithm>
#include <cctype>

#include "runtime/Errors.h"
#include "runtime/Masker.h"

namespace kcicd::git {
namespace {

int defaultPort(Transport transport) {
  RemoteUrl url;
  url.transport = transport;
  return url.effectivePort();
}

}  // namespace

std::string Origin::toString() const {
  bool ipv6 = host.find(':') != std::string::npos;
  std::string text = std::string(git::toString(transport)) + "://" + (ipv6 ? "[" + host + "]" : host);
  if (port != defaultPort(transport)) text += ":" + std::to_string(port);
  return text;
}

Origin originOf(const RemoteUrl& url) {
  Origin origin;
  origin.transport = url.transport;
  origin.host = url.host;
  if (origin.host.size() > 2 && origin.host.front() == '[' && origin.host.back() == ']')
    origin.host = origin.host.substr(1, origin.host.size() - 2);  // libgit2 looks IPv6 literals up bare
  std::transform(origin.host.begin(), origin.host.end(), origin.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  origin.port = url.effectivePort();
  return origin;
}

Origin parseOrigin(std::string_view text, std::string_view flag) {
  auto invalid = [&] {
    return UsageError(std::string(flag) + " '" + maskUrlCredentials(text) +
                      "' is not an https://, http:// or ssh:// origin such as https://git.example.com:8443 "
                      "(git:// and local paths take no credentials)");
  };
  std::string url(text);
  // parseRemoteUrl wants a repository path: an origin given without one gets a placeholder.
  auto scheme = url.find("://");
  if (scheme != std::string::npos && url.find('/', scheme + 3) == std::string::npos) url += "/";
  if (!url.empty() && url.back() == '/') url += "-";
  RemoteUrl parsed;
  try {
    parsed = parseRemoteUrl(url);
  } catch (const UsageError&) {
    throw invalid();
  }
  if (parsed.transport == Transport::Local || parsed.transport == Transport::Git) throw invalid();
  return originOf(parsed);
}

CredentialOrigins::CredentialOrigins(const RemoteUrl& repository, const std::vector<std::string>& allowed)
    : repository_(originOf(repository)) {
  for (const auto& url : allowed) allowed_.push_back(parseOrigin(url, kFlag));
}

std::optional<std::string> CredentialOrigins::refusal(const Origin& server) const {
  std::string where = server.toString();
  // An HTTPS repository's token must not cross the network in clear text, whatever the flag says.
  if (repository_.transport == Transport::Https && server.transport == Transport::Http)
    return "Git credentials are never sent over plain HTTP when the repository is HTTPS: " + where +
           " asks for them (a submodule or a redirect); serve it over https://";
  if (server == repository_ || std::find(allowed_.begin(), allowed_.end(), server) != allowed_.end())
    return std::nullopt;
  return "Git credentials are only sent to the repository's origin " + repository_.toString() + ", not to " +
         where + " (a submodule or a redirect asks for them); if you trust it, pass " + std::string(kFlag) + " " +
         where;
}

}  // namespace kcicd::git
