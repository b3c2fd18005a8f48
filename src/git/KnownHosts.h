#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::git {

// OpenSSH's known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): `[marker] hostpatterns keytype
// base64-key [comment]`. Host patterns: comma lists, `*`/`?` wildcards, `!` negation,
// `[host]:port` for a non-22 port, and hashed names `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
// Markers: @revoked keys are refused; @cert-authority lines are ignored (no certificates here).
class KnownHosts {
 public:
  enum class Verdict { Match, Mismatch, Unknown, Revoked };

  static KnownHosts parse(std::string_view text);
  // A missing file is an empty list (every host unknown); an unreadable one throws UsageError.
  static KnownHosts load(const std::filesystem::path& file);

  // `keyType` is e.g. "ssh-ed25519"; `keyBlob` the raw public key (the base64-decoded field). A host
  // recorded under any key, of any type, that presents another key is a Mismatch (OpenSSH's "host key
  // has changed"), not Unknown.
  Verdict check(std::string_view host, int port, std::string_view keyType, std::string_view keyBlob) const;
  // The key types recorded for host:port (not revoked), for messages.
  std::vector<std::string> keyTypes(std::string_view host, int port) const;

  size_t size() const { return entries_.size(); }

  // The name known_hosts uses for host:port: "host" on port 22, else "[host]:port".
  static std::string hostName(std::string_view host, int port);

 private:
  struct Entry {
    bool revoked = false;
    std::string patterns;  // as written
    std::string keyType;
    std::string keyBlob;
  };
  static bool matchesHost(const std::string& patterns, const std::string& name);
  std::vector<Entry> entries_;
};

// "SHA256:" + unpadded base64 of the digest, as `ssh-keygen -l` prints it.
std::string sshFingerprint(std::string_view sha256Digest);

}  // namespace kcicd::git
