#include "Session.h"

#include "Libgit2.h"
#include "ServerLookup.h"
#include "SshKey.h"
#include "runtime/Errors.h"
#include "runtime/SizeLimit.h"

namespace kcicd::git {
namespace {

Session& of(void* payload) { return *static_cast<Session*>(payload); }

std::string keyTypeName(git_cert_ssh_raw_type_t type) {
  switch (type) {
    case GIT_CERT_SSH_RAW_TYPE_RSA: return "ssh-rsa";
    case GIT_CERT_SSH_RAW_TYPE_DSS: return "ssh-dss";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256: return "ecdsa-sha2-nistp256";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384: return "ecdsa-sha2-nistp384";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521: return "ecdsa-sha2-nistp521";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519: return "ssh-ed25519";
    default: return "unknown";
  }
}

int refuse(Session& s, const std::string& message, ExitCode code = ExitCode::Remote) {
  s.failure = message;
  s.failureCode = code;
  return GIT_EUSER;
}

// libssh2 1.10 (Debian 12) signs with RSA only as "ssh-rsa" (SHA-1), which OpenSSH ≥ 8.8 refuses.
std::string rsaHint(const Session& s) {
  if (!s.options.sshKey || s.url.transport != Transport::Ssh || !sshKeyIsRsa(*s.options.sshKey)) return "";
  return " (RSA keys sign with ssh-rsa/SHA-1 here, which OpenSSH 8.8+ servers refuse: use an ed25519 or "
         "ECDSA key)";
}

std::string recordedTypes(const KnownHosts& knownHosts, const std::string& host, int port) {
  std::string types;
  for (const auto& type : knownHosts.keyTypes(host, port)) types += (types.empty() ? "" : ", ") + type;
  return "recorded: " + types;
}

int checkHostKey(Session& s, const git_cert_hostkey& key, const std::string& host) {
  int port = host == s.url.host ? s.url.effectivePort() : 22;
  std::string name = KnownHosts::hostName(host, port);
  std::string fingerprint = (key.type & GIT_CERT_SSH_SHA256)
                                ? sshFingerprint(std::string_view(reinterpret_cast<const char*>(key.hash_sha256), 32))
                                : "(no SHA256 fingerprint)";
  if (!(key.type & GIT_CERT_SSH_RAW))
    return refuse(s, "cannot verify the SSH host key of " + name + ": libgit2 gave no raw key");
  std::string type = keyTypeName(key.raw_type);
  std::string_view blob(key.hostkey, key.hostkey_len);
  std::string described = name + " (" + type + " " + fingerprint + ")";
  std::string file = s.options.knownHostsFile.empty() ? "known_hosts (no file: HOME unset)"
                                                      : s.options.knownHostsFile.string();
  switch (s.knownHosts.check(host, port, type, blob)) {
    case KnownHosts::Verdict::Match: return 0;
    case KnownHosts::Verdict::Revoked: return refuse(s, "SSH host key of " + described + " is revoked in " + file);
    case KnownHosts::Verdict::Mismatch:
      return refuse(s, "SSH host key of " + described + " does not match the key recorded in " + file + " (" +
                           recordedTypes(s.knownHosts, host, port) +
                           "; possible man-in-the-middle); connection refused, even with --accept-unknown-host-key");
    case KnownHosts::Verdict::Unknown: break;
  }
  if (!s.options.acceptUnknownHostKey)
    return refuse(s, "SSH host " + described + " is not in " + file +
                         "; add it (ssh-keyscan) or pass --accept-unknown-host-key");
  s.warn("accepting unknown SSH host key of " + described + " (--accept-unknown-host-key)");
  return 0;
}

int certificateCheck(git_cert* cert, int valid, const char* host, void* payload) {
  Session& s = of(payload);
  std::string hostName = host ? host : "";
  if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
    return checkHostKey(s, *reinterpret_cast<git_cert_hostkey*>(cert), hostName);
  if (s.options.insecure) {
    if (!s.insecureWarned) s.warn("TLS certificate verification is disabled for " + hostName + " (--insecure)");
    s.insecureWarned = true;
    return 0;
  }
  if (valid) return 0;
  return refuse(s, "the TLS certificate of " + hostName + " is not trusted" +
                       (s.options.caCertFile.empty() ? " (pass --ca-cert FILE with the CA that signed it)"
                                                     : " by --ca-cert " + s.options.caCertFile.string()));
}

// Why the server asking for credentials may not have them, or nullopt. The server is the URL's scheme
// with the host and port libgit2 last looked up: after a redirect that is the target, which `url`
// (still the remote's URL in libgit2 1.8) does not show.
std::optional<std::string> credentialRefusal(const Session& s, const char* url) {
  auto server = ServerLookup::last();
  if (!server) return "cannot tell which server asks for Git credentials, so none are sent";
  RemoteUrl asking = s.url;
  if (url != nullptr) {
    try {
      asking = parseRemoteUrl(url);
    } catch (const UsageError&) {
      // keep the remote being fetched: its scheme is the one libgit2 speaks
    }
  }
  asking.host = server->host;
  asking.port = server->port != 0 ? server->port : -1;  // a service name: matches no origin
  return s.credentialOrigins.refusal(originOf(asking));
}

int credentials(git_credential** out, const char* url, const char* usernameFromUrl, unsigned int allowed,
                void* payload) {
  Session& s = of(payload);
  const CloneOptions& o = s.options;
  std::string host = s.url.host.empty() ? "the remote" : s.url.host;
  // First whether this server may have credentials at all: after a redirect, the origin may have
  // taken them already and another server now asks.
  if (allowed & (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_SSH_MEMORY | GIT_CREDENTIAL_USERPASS_PLAINTEXT))
    if (auto why = credentialRefusal(s, url)) return refuse(s, *why);
  if (++s.credentialCalls > 1 && !s.authMethod.empty())
    return refuse(s, "authentication failed: " + host + " rejected " + s.authMethod + rsaHint(s));
  std::string urlUser = usernameFromUrl && *usernameFromUrl ? usernameFromUrl : s.url.user;

  if (allowed & (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_SSH_MEMORY)) {
    if (!o.sshKey)
      return refuse(s, "authentication failed: " + host + " requires an SSH key; set GIT_SSH_KEY (the private key text)");
    std::string user = !urlUser.empty() ? urlUser : !o.username.empty() ? o.username : "git";
    s.authMethod = "SSH public-key authentication (GIT_SSH_KEY" +
                   std::string(o.sshPassphrase ? " with GIT_SSH_PASSPHRASE" : "") + ") as user '" + user + "'";
    if (git_credential_ssh_key_memory_new(out, user.c_str(), nullptr, o.sshKey->c_str(),
                                          o.sshPassphrase ? o.sshPassphrase->c_str() : nullptr) < 0)
      return refuse(s, "cannot use GIT_SSH_KEY: " + lastErrorMessage(), ExitCode::Usage);
    return 0;
  }
  if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    std::optional<std::string> password = o.password;
    if (!password && !s.url.password.empty()) password = s.url.password;
    std::string user = !o.username.empty() ? o.username : !urlUser.empty() ? urlUser : "git";
    if (!password)
      return refuse(s, "authentication failed: " + host +
                           " requires HTTP authentication; set GIT_PASSWORD (a token) and GIT_USERNAME");
    // https://<token>@host: a user name alone in the URL is often the token itself (GitHub): never shown.
    bool userIsUrlToken = o.username.empty() && !urlUser.empty() && s.url.password.empty();
    s.authMethod = "HTTP basic authentication as user '" + (userIsUrlToken ? "******" : user) + "'" +
                   (userIsUrlToken ? " (the user name in the URL)" : "") + " (password from " +
                   std::string(o.password ? "GIT_PASSWORD" : "the URL") + ")";
    return git_credential_userpass_plaintext_new(out, user.c_str(), password->c_str());
  }
  if (allowed & GIT_CREDENTIAL_USERNAME) {
    std::string user = !urlUser.empty() ? urlUser : !o.username.empty() ? o.username : "git";
    --s.credentialCalls;  // only the user name: not an authentication attempt yet
    return git_credential_username_new(out, user.c_str());
  }
  return refuse(s, "authentication failed: " + host + " asks for an authentication method kestra-cicd does not support");
}

// --max-clone-size on the bytes received so far (this fetch and the finished ones) and --git-timeout,
// checked whenever the server sends something: a refusal ends the fetch there.
int checkLimits(Session& s) {
  std::uint64_t received = s.bytesDone + s.current.receivedBytes;
  if (received > s.options.maxCloneBytes)
    return refuse(s, s.tooLargeMessage("received " + describeBytes(received) + " from " + s.url.withoutPassword),
                  ExitCode::Failure);
  if (s.deadline && s.deadline->expired()) return refuse(s, s.timeoutMessage());
  return 0;
}

// The server's progress messages ("Counting objects…"), before and while it sends the pack.
int sidebandProgress(const char*, int, void* payload) { return checkLimits(of(payload)); }

int transferProgress(const git_indexer_progress* stats, void* payload) {
  Session& s = of(payload);
  s.current.receivedObjects = stats->received_objects;
  s.current.indexedObjects = stats->indexed_objects;
  s.current.totalObjects = stats->total_objects;
  s.current.receivedBytes = stats->received_bytes;
  TransferProgress total = s.current;
  total.receivedBytes += s.bytesDone;
  s.observer.transfer(total);
  if (s.packPages) s.packPages->releaseIfGrown();
  return checkLimits(s);
}

void checkoutProgress(const char*, size_t, size_t, void* payload) {
  Session& s = of(payload);
  if (s.packPages) s.packPages->releaseIfGrown();
}

}  // namespace

void Session::warn(const std::string& message) {
  warnings.push_back(message);
  observer.warning(message);
}

std::string Session::timeoutMessage() const {
  return "the clone of " + url.withoutPassword + " did not finish within --git-timeout " +
         std::to_string(options.timeoutSeconds) + " s (a slow server or a large repository): raise --git-timeout";
}

std::string Session::tooLargeMessage(const std::string& found) const {
  return "the repository is larger than --max-clone-size " + describeBytes(options.maxCloneBytes) + ": " + found +
         "; raise --max-clone-size if it is meant to be that large";
}

git_remote_callbacks Session::callbacks() {
  git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
  cb.credentials = credentials;
  cb.certificate_check = certificateCheck;
  cb.transfer_progress = transferProgress;
  cb.sideband_progress = sidebandProgress;
  cb.payload = this;
  credentialCalls = 0;
  authMethod.clear();
  return cb;
}

git_checkout_options Session::checkoutOptions(unsigned int strategy) {
  git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
  co.checkout_strategy = strategy;
  co.progress_cb = checkoutProgress;
  co.progress_payload = this;
  return co;
}

void Session::finishTransfer() {
  bytesDone += current.receivedBytes;
  objectsDone += current.receivedObjects;
  current = {};
}

}  // namespace kcicd::git
