#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "RemoteUrl.h"

namespace kcicd::git {

// Where a server lives, as browsers and git's credential helpers tell servers apart: scheme (the
// transport), host (lower case) and port (the transport's default when the URL has none).
struct Origin {
  Transport transport = Transport::Https;
  std::string host;
  int port = 0;

  bool operator==(const Origin& other) const {
    return transport == other.transport && host == other.host && port == other.port;
  }
  // "https://git.example.com", "http://127.0.0.1:8080", "ssh://git.example.com:2222".
  std::string toString() const;
};

Origin originOf(const RemoteUrl& url);

// Where Git credentials (GIT_PASSWORD, a password in the URL, GIT_SSH_KEY) may be sent: the origin of
// the repository URL and the origins allowed with --git-credential-origin. A submodule or an HTTP
// redirect elsewhere gets none, so a repository cannot collect the token by pointing at its own server.
class CredentialOrigins {
 public:
  static constexpr std::string_view kFlag = "--git-credential-origin";

  CredentialOrigins() = default;
  // Throws UsageError naming kFlag when an allowed origin is not an http(s) or ssh URL.
  CredentialOrigins(const RemoteUrl& repository, const std::vector<std::string>& allowed);

  // nullopt when `server` may receive credentials; otherwise why not, naming the origin and the flag.
  std::optional<std::string> refusal(const Origin& server) const;

 private:
  Origin repository_;
  std::vector<Origin> allowed_;
};

// An origin given as a URL, with or without a path: "https://host", "http://host:8080/",
// "ssh://git@host:2222", "git@host:path". Throws UsageError naming `flag`.
Origin parseOrigin(std::string_view url, std::string_view flag);

}  // namespace kcicd::git
