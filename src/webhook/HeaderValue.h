#pragma once
#include <string_view>

namespace kcicd::webhook {

// An HTTP header's value as a flow passes it on (X-Hub-Signature-256, X-Gitlab-Token, X-GitHub-Event…),
// without the blanks and line breaks around it.
inline std::string_view headerValue(std::string_view raw) {
  constexpr std::string_view blank = " \t\r\n";
  auto first = raw.find_first_not_of(blank);
  if (first == std::string_view::npos) return {};
  return raw.substr(first, raw.find_last_not_of(blank) - first + 1);
}

}  // namespace kcicd::webhook
