#pragma once
#include <string>
#include <string_view>

#include "Provider.h"

namespace kcicd::webhook {

// What a signature check found. Only Valid lets a delivery through.
enum class SignatureStatus {
  Valid,
  Missing,      // no --signature (GitHub: no X-Hub-Signature-256; GitLab: no X-Gitlab-Token)
  WrongPrefix,  // GitHub: not "sha256=<hex>" (e.g. the legacy SHA-1 "sha1=" header)
  Malformed,    // GitHub: "sha256=" not followed by 64 hexadecimal digits
  Mismatch,     // well-formed but computed with another secret or over other bytes
};

// "sha256=" + lowercase hex HMAC-SHA256 of `body` keyed by `secret`: GitHub's X-Hub-Signature-256.
std::string githubSignature(std::string_view body, std::string_view secret);

// Checks a delivery's signature against the webhook secret.
//   GitHub: `signature` is X-Hub-Signature-256, "sha256=" (exactly, as GitHub always sends it) then the
//     HMAC-SHA256 of the raw body as 64 hex digits; upper-case hex digits are accepted (same digest).
//     The decoded digests are compared in constant time.
//   GitLab: `signature` is X-Gitlab-Token, the secret token itself, compared in constant time.
// Surrounding spaces/tabs/line breaks of `signature` are ignored (HTTP trims header values).
SignatureStatus verifySignature(Provider provider, std::string_view body, std::string_view signature,
                                std::string_view secret);

// One sentence saying what is wrong, for the error message. Never contains the secret nor the signature.
std::string describe(SignatureStatus status, Provider provider);

}  // namespace kcicd::webhook
