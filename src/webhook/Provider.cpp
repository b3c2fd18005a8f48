#include "Provider.h"

#include "HeaderValue.h"

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
  std::string_view s = headerValue(signature);
  if (s.empty()) return std::nullopt;
  if (s.substr(0, 7) == "sha256=" || s.substr(0, 5) == "sha1=") return Provider::GitHub;
  return Provider::GitLab;
}

}  // namespace kcicd::webhook
