#include "Provider.h"

#include <nlohmann/json.hpp>

#include "Payload.h"

namespace kcicd::webhook {

std::string_view toString(Provider provider) {
  return provider == Provider::GitHub ? "github" : "gitlab";
}

std::optional<Provider> parseProvider(std::string_view name) {
  if (name == "github") return Provider::GitHub;
  if (name == "gitlab") return Provider::GitLab;
  return std::nullopt;
}

std::optional<Provider> detectProvider(std::string_view body, std::string_view signature) {
  auto start = signature.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos) {
    std::string_view s = signature.substr(start);
    if (s.substr(0, 7) == "sha256=" || s.substr(0, 5) == "sha1=") return Provider::GitHub;
  }
  if (isFormBody(body)) return Provider::GitHub;
  nlohmann::json root = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!root.is_object()) return std::nullopt;
  if (root.contains("object_kind")) return Provider::GitLab;
  auto repo = root.find("repository");
  bool githubRepo = repo != root.end() && repo->is_object() && repo->contains("clone_url");
  if (root.contains("hook_id") || root.contains("zen") || githubRepo) return Provider::GitHub;
  return std::nullopt;
}

}  // namespace kcicd::webhook
