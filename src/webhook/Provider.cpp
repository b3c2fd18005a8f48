#include "Provider.h"

namespace kcicd::webhook {

std::string_view toString(Provider provider) {
  return provider == Provider::GitHub ? "github" : "gitlab";
}

std::optional<Provider> parseProvider(std::string_view name) {
  if (name == "github") return Provider::GitHub;
  if (name == "gitlab") return Provider::GitLab;
  return std::nullopt;
}

std::optional<Provider> detectProvider(std::string_view signature) {
  auto start = signature.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view s = signature.substr(start);
  if (s.substr(0, 7) == "sha256=" || s.substr(0, 5) == "sha1=") return Provider::GitHub;
  return Provider::GitLab;
}

}  // namespace kcicd::webhook
