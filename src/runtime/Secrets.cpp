#include "Secrets.h"

#include "Base64.h"
#include "Errors.h"

namespace kcicd {

namespace secrets {
const std::vector<SecretSpec>& all() {
  static const std::vector<SecretSpec> specs{KestraApiToken,    KestraUser,        KestraPassword, GitUsername,
                                             GitPassword,       GitSshKey,         GitSshPassphrase, WebhookSecret,
                                             KestractlToken,    KestractlUsername, KestractlPassword};
  return specs;
}
}  // namespace secrets

std::optional<std::string> decodeKestraSecret(std::string_view raw) {
  // Java's value.replaceAll("\\R", ""): \R is any line break sequence.
  std::string compact;
  compact.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') continue;
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x85) {
      ++i;  // U+0085
      continue;
    }
    if (c == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(raw[i + 2]) == 0xA8 || static_cast<unsigned char>(raw[i + 2]) == 0xA9)) {
      i += 2;  // U+2028, U+2029
      continue;
    }
    compact += raw[i];
  }
  return base64::decode(compact);
}

namespace {

// A credential of only spaces, tabs or line breaks is a mistake (an empty base64 value, a stray newline),
// and for WEBHOOK_SECRET a dangerous one: an HMAC keyed by it verifies any body signed the same way.
bool blank(std::string_view value) {
  return value.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

}  // namespace

SecretResolver::SecretResolver(const Environment& env, Masker& masker) : env_(env), masker_(masker) {}

void SecretResolver::addFlagValue(std::string_view value, std::string_view what) { addSecret(value, what); }

// Masks `value`; a short one is masked only where it stands alone (Masker::kShortSecret), which the user
// should know once: a secret that short is weak, and it may show inside a longer word.
void SecretResolver::addSecret(std::string_view value, std::string_view what) {
  masker_.add(value);
  if (value.empty() || value.size() >= Masker::kShortSecret || warnedShort_.count(what)) return;
  warnedShort_.emplace(what);
  warn(std::string(what) + " is shorter than " + std::to_string(Masker::kShortSecret) +
       " characters: it is masked only where it stands alone, not inside a longer word; use a longer secret");
}

void SecretResolver::warn(const std::string& message) {
  if (warningSink_) warningSink_(message);
  else pendingWarnings_.push_back(message);
}

void SecretResolver::onWarning(std::function<void(const std::string&)> sink) {
  warningSink_ = std::move(sink);
  for (const auto& message : pendingWarnings_) warningSink_(message);
  pendingWarnings_.clear();
}

void SecretResolver::preload() {
  for (const auto& spec : secrets::all()) (void)resolve(spec);
}

SecretResolver::Entry SecretResolver::resolve(const SecretSpec& spec) {
  auto it = cache_.find(spec.env);
  if (it != cache_.end()) return it->second;
  Entry entry;
  std::string name(spec.env);
  if (auto direct = env_.get(name); direct && !direct->empty() && blank(*direct)) {
    entry.error = "environment variable " + name + " holds only whitespace: set it to the real value";
  } else if (direct && !direct->empty()) {
    entry.value = *direct;
  } else if (auto encoded = env_.get("SECRET_" + name); encoded && !encoded->empty()) {
    if (spec.masked) masker_.add(*encoded);  // the raw base64 is as sensitive as the value (never short)
    if (auto decoded = decodeKestraSecret(*encoded); decoded && blank(*decoded)) {
      entry.error = "environment variable SECRET_" + name + " decodes to an empty or whitespace-only value: "
                    "set it to the base64 of the real " + name + " (or set " + name + " instead)";
    } else if (decoded) {
      entry.value = *decoded;
    } else {
      entry.error = "environment variable SECRET_" + name +
                    " is not valid base64 (Kestra secrets are base64-encoded; line breaks are ignored)";
    }
  }
  if (entry.value) {
    if (spec.masked) addSecret(*entry.value, name);
    // "user:password" in KESTRA_USER: the password part is a secret on its own.
    if (spec.env == secrets::KestraUser.env) {
      auto colon = entry.value->find(':');
      if (colon != std::string::npos) addSecret(entry.value->substr(colon + 1), name + " password");
    }
  }
  cache_.emplace(name, entry);
  return entry;
}

std::optional<std::string> SecretResolver::get(const SecretSpec& spec) {
  Entry entry = resolve(spec);
  if (entry.error) throw UsageError(*entry.error);
  return entry.value;
}

}  // namespace kcicd
