#pragma once
#include <optional>
#include <string_view>

namespace kcicd::webhook {

// The Git host that sent a webhook delivery.
enum class Provider { GitHub, GitLab };

std::string_view toString(Provider provider);  // "github" | "gitlab"

// "github" | "gitlab" → the provider; "auto" or anything else → nullopt.
std::optional<Provider> parseProvider(std::string_view name);

// `--provider auto`, decided from the signature header's form alone, before the signature is checked:
//   1. "sha256=…" (or the legacy "sha1=…") → GitHub (X-Hub-Signature-256);
//   2. any other non-blank value → GitLab (X-Gitlab-Token is the secret token itself);
//   3. no signature → nullopt: nothing can be verified, the caller refuses the delivery.
// The body is never read here: it is untrusted until its signature matches, and parsing it first let an
// unsigned 20 MiB body of `[` cost 1.6 GB. Detection only chooses how to verify: either way the secret is
// needed to pass.
std::optional<Provider> detectProvider(std::string_view signature);

}  // namespace kcicd::webhook
