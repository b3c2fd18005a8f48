#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "Environment.h"
#include "Masker.h"

namespace kcicd {

// A credential read from the environment: `NAME`, else Kestra's OSS convention `SECRET_NAME` holding
// base64 (line breaks stripped), as SecretService decodes worker env vars
// (docs/kestra-script-runtime.md §3).
struct SecretSpec {
  std::string_view env;          // e.g. "KESTRA_API_TOKEN"
  std::string_view description;  // for --help and the README
  bool masked = true;            // user names are credentials but not secrets: they stay readable
};

namespace secrets {
inline constexpr SecretSpec KestraApiToken{"KESTRA_API_TOKEN", "Kestra API token (Bearer)"};
inline constexpr SecretSpec KestraUser{"KESTRA_USER", "Kestra basic-auth user (an email), or user:password", false};
inline constexpr SecretSpec KestraPassword{"KESTRA_PASSWORD", "Kestra basic-auth password"};
inline constexpr SecretSpec GitUsername{"GIT_USERNAME", "Git HTTP(S) user name", false};
inline constexpr SecretSpec GitPassword{"GIT_PASSWORD", "Git HTTP(S) password or token"};
inline constexpr SecretSpec GitSshKey{"GIT_SSH_KEY", "Git SSH private key (PEM or OpenSSH), the key itself"};
inline constexpr SecretSpec GitSshPassphrase{"GIT_SSH_PASSPHRASE", "passphrase of GIT_SSH_KEY"};
inline constexpr SecretSpec WebhookSecret{"WEBHOOK_SECRET", "GitHub webhook secret or GitLab token"};
// kestractl's settings (kestra-io/kestractl: flags > KESTRACTL_* env > config file), read when the
// KESTRA_* credentials are unset, so a pipeline moving off kestractl keeps its secrets.
inline constexpr SecretSpec KestractlToken{"KESTRACTL_TOKEN", "kestractl's API token, when KESTRA_* are unset"};
inline constexpr SecretSpec KestractlUsername{"KESTRACTL_USERNAME", "kestractl's basic-auth user", false};
inline constexpr SecretSpec KestractlPassword{"KESTRACTL_PASSWORD", "kestractl's basic-auth password"};

// Every credential kestra-cicd knows, in documentation order.
const std::vector<SecretSpec>& all();
}  // namespace secrets

// Resolves credentials and registers every value it finds with the Masker, so that no later output
// can show them. Malformed SECRET_ values are reported only when the credential is used.
class SecretResolver {
 public:
  SecretResolver(const Environment& env, Masker& masker);

  // Reads every known credential once, so all of them are masked from the start.
  void preload();

  // The credential's value, or nullopt when neither NAME nor SECRET_NAME is set.
  // Throws UsageError naming SECRET_NAME (never its value) when that variable is not valid base64 or
  // decodes to an empty or whitespace-only value, and naming NAME when NAME holds only whitespace.
  std::optional<std::string> get(const SecretSpec& spec);

  // A value given on the command line (parity flags such as --api-token), a --header value, a proxy
  // password: masked from now on. `what` names it in the short-secret warning ("--api-token").
  void addFlagValue(std::string_view value, std::string_view what = "a secret given on the command line");

  // Where the one-time warnings go ("KESTRA_PASSWORD is shorter than 8 characters: …"): warnings raised
  // before a sink is set are kept and given to it when it is set (the Console is built after parsing).
  void onWarning(std::function<void(const std::string&)> sink);

 private:
  void addSecret(std::string_view value, std::string_view what);
  void warn(const std::string& message);
  struct Entry {
    std::optional<std::string> value;
    std::optional<std::string> error;
  };
  Entry resolve(const SecretSpec& spec);
  const Environment& env_;
  Masker& masker_;
  std::map<std::string, Entry, std::less<>> cache_;
  std::set<std::string, std::less<>> warnedShort_;
  std::vector<std::string> pendingWarnings_;
  std::function<void(const std::string&)> warningSink_;
};

// Decodes a SECRET_ value like Kestra: line breaks removed, then base64. nullopt when malformed.
std::optional<std::string> decodeKestraSecret(std::string_view raw);

}  // namespace kcicd
