#pragma once
#include <string>
#include <string_view>

namespace kcicd::git {

// How libgit2 reaches the remote. Only smart HTTP(S) can fetch shallow with libgit2 1.8
// (docs/git-and-webhooks.md §5.2).
enum class Transport { Https, Http, Ssh, Git, Local };
std::string_view toString(Transport transport);

// A clone URL split into what kestra-cicd needs: the transport, the host and port (for known_hosts),
// and the credentials embedded in it, which are kept out of `withoutPassword` (the URL handed to
// libgit2 and stored in .git/config).
struct RemoteUrl {
  Transport transport = Transport::Https;
  std::string user;      // user-info before ':' ("" when none); scp-like "git@host:path" too
  std::string password;  // user-info after ':' (http(s) only)
  std::string host;      // "" for Local
  int port = 0;          // 0 = the transport's default
  std::string path;
  std::string withoutPassword;  // http(s): no user-info at all; ssh: user kept; local: as given

  bool supportsShallow() const { return transport == Transport::Https || transport == Transport::Http; }
  int effectivePort() const;
};

// Accepts https://, http://, ssh://, git://, file://, scp-like [user@]host:path and local paths.
// Throws UsageError naming the URL (with its password masked) when it is malformed or its scheme
// is not one of those.
RemoteUrl parseRemoteUrl(std::string_view url);

}  // namespace kcicd::git
