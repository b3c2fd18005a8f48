#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd {

// Replaces every known secret, and its base64 form, by "******" in text the process prints.
// Also hides the password (or token) in URLs with user-info: https://user:******@host.
class Masker {
 public:
  static constexpr std::string_view kMask = "******";
  // A secret shorter than this is hidden only where it stands alone (not glued to letters, digits or '_'):
  // hidden everywhere, a 3-letter password would eat every "abc" of the output — in hashes, in JSON keys.
  static constexpr std::size_t kShortSecret = 8;

  // Registers a secret. Empty values are ignored (as Kestra's RunContextLogger does). A multi-line
  // secret (a PEM key) is registered whole and line by line (lines of kShortSecret characters or more):
  // an error that quotes one line of it must not show that line.
  void add(std::string_view secret);
  std::string mask(std::string_view text) const;
  // A JSON object key: only secrets of kShortSecret characters or more, so that a short secret never
  // renames a key such as "id" (and the JSON keeps its shape).
  std::string maskKey(std::string_view key) const;
  bool empty() const;

 private:
  void addOne(std::string value);
  std::string replace(std::string_view text, bool shortSecretsToo) const;
  mutable std::mutex mutex_;
  std::vector<std::string> needles_;  // longest first, so a secret containing another is hidden whole
};

// Hides user-info credentials in every URL of `text`: "scheme://user:pass@" → "scheme://user:******@",
// and a bare token in http(s) "https://token@" → "https://******@".
std::string maskUrlCredentials(std::string_view text);

}  // namespace kcicd
