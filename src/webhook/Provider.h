#pragma once
#include <optional>
#include <string_view>

namespace kcicd::webhook {

// The Git host that sent a webhook delivery.
enum class Provider { GitHub, GitLab };

std::string_view toString(Provider provider);  // "github" | "gitlab"

// "github" | "gitlab" → the provider; "auto" or anything else → nullopt.
std::optional<Provider> parseProvider(std::string_view name);

// `--provider auto`, decided before the signature is checked:
//   1. a signature starting with "sha256=" (or the legacy "sha1=") → GitHub (X-Hub-Signature-256);
//   2. a JSON object body with an "object_kind" key (GitLab's push/tag_push/… payloads) → GitLab;
//   3. a body GitHub would send: form-encoded "payload=…", or JSON with "hook_id", "zen" or
//      "repository"."clone_url" → GitHub;
//   4. otherwise nullopt: the caller asks for --provider.
// Detection only chooses how to verify: either way the secret is needed to pass.
std::optional<Provider> detectProvider(std::string_view body, std::string_view signature);

}  // namespace kcicd::webhook
