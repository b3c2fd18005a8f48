#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kcicd::git {

// --max-clone-size: flow repositories are small; a larger one is refused before it fills the disk.
inline constexpr std::uint64_t kDefaultMaxCloneBytes = std::uint64_t{1} << 30;

// What to clone and how, mirroring io.kestra.plugin.git.Clone (docs/git-and-webhooks.md
// §1). At most one of branch, tag, commit is set; none = the remote's default branch.
struct CloneOptions {
  std::string url;
  std::filesystem::path directory;  // absolute; may exist (non-empty: init + fetch + checkout)
  std::string branch, tag, commit;  // commit: full or short SHA (≥ 4 hex digits)
  int depth = 1;                    // 0 = full history; only smart HTTP(S) can go shallow
  bool submodules = false;
  // deploy: a directory already holding a clone of the same repository is fetched and checked out again
  // (a second deploy in one working directory); `fresh` drops its .git first and clones anew.
  bool reuseExisting = false;
  bool fresh = false;

  // Credentials: HTTP basic (a token is a password) and an SSH key held in memory.
  std::string username;  // "" = from the URL, else "git"
  std::optional<std::string> password;
  std::optional<std::string> sshKey;  // PEM or OpenSSH private key text
  std::optional<std::string> sshPassphrase;
  // Origins besides the URL's that may receive those credentials (--git-credential-origin), e.g. a
  // submodule's server: "https://host[:port]" or "ssh://host[:port]" (CredentialOrigins.h).
  std::vector<std::string> credentialOrigins;

  // Trust.
  std::filesystem::path caCertFile;  // PEM bundle replacing the default CAs for HTTPS ("" = system)
  bool insecure = false;             // skip TLS verification (warned)
  std::filesystem::path knownHostsFile;
  bool acceptUnknownHostKey = false;  // accept (and log) a host missing from known_hosts

  int connectTimeoutSeconds = 10;  // Kestra's Clone: connectTimeout 10000 ms
  int readTimeoutSeconds = 60;     // Kestra's Clone: readTimeout 60000 ms

  // Limits on an untrusted server (submodules included): the bytes received and the bytes the
  // checkout would write, each at most maxCloneBytes; the whole clone within timeoutSeconds.
  std::uint64_t maxCloneBytes = kDefaultMaxCloneBytes;
  int timeoutSeconds = 600;
};

struct CloneResult {
  std::filesystem::path directory;
  std::string commit;  // full SHA checked out
  std::string ref;     // refs/heads/B, refs/tags/T, or the commit SHA
  std::string branch;  // "" when HEAD is detached (tag, commit)
  std::size_t bytesReceived = 0;
  std::size_t objects = 0;  // objects received (the repository and its submodules)
  double seconds = 0;
  std::vector<std::string> warnings;
};

struct TransferProgress {
  std::size_t receivedObjects = 0, indexedObjects = 0, totalObjects = 0;
  std::size_t receivedBytes = 0;
};

// How the caller hears about a clone in progress; src/git never prints. Called on the cloning thread.
class CloneObserver {
 public:
  virtual ~CloneObserver() = default;
  virtual void transfer(const TransferProgress&) {}  // often: throttle in the observer
  virtual void info(const std::string&) {}
  virtual void warning(const std::string&) {}  // also collected in CloneResult::warnings
};

}  // namespace kcicd::git
