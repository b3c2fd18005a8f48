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

  // Registers a secret. Empty values are ignored (as Kestra's RunContextLogger does).
  void add(std::string_view secret);
  std::string mask(std::string_view text) const;
  bool empty() const;

 private:
  void addOne(std::string value);
  mutable std::mutex mutex_;
  std::vector<std::string> needles_;  // longest first, so a secret containing another is hidden whole
};

// Hides user-info credentials in every URL of `text`: "scheme://user:pass@" → "scheme://user:******@",
// and a bare token in http(s) "https://token@" → "https://******@".
std::string maskUrlCredentials(std::string_view text);

}  // namespace kcicd
