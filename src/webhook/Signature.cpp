#include "Signature.h"

#include <array>
#include <limits>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdexcept>

#include "ConstantTime.h"
#include "HeaderValue.h"
#include "runtime/Hex.h"

namespace kcicd::webhook {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr size_t kDigestSize = 32;

std::string hmacSha256(std::string_view body, std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // An empty key is valid for HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char empty = 0;
  const void* key = secret.empty() ? static_cast<const void*>(&empty) : secret.data();
  const unsigned char* data = body.empty() ? &empty : reinterpret_cast<const unsigned char*>(body.data());
  if (secret.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      HMAC(EVP_sha256(), key, static_cast<int>(secret.size()), data, body.size(), digest.data(), &size) == nullptr ||
      size != kDigestSize)
    throw std::runtime_error("HMAC-SHA256 computation failed (OpenSSL)");
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

}  // namespace

std::string githubSignature(std::string_view body, std::string_view secret) {
  return std::string(kPrefix) + hex::encode(hmacSha256(body, secret));
}

SignatureStatus verifySignature(Provider provider, std::string_view body, std::string_view signature,
                                std::string_view secret) {
  signature = headerValue(signature);
  if (signature.empty()) return SignatureStatus::Missing;
  if (provider == Provider::GitLab)
    return constantTimeEquals(signature, secret) ? SignatureStatus::Valid : SignatureStatus::Mismatch;

  if (signature.substr(0, kPrefix.size()) != kPrefix) return SignatureStatus::WrongPrefix;
  std::string_view digits = signature.substr(kPrefix.size());
  std::string given;
  if (digits.size() != 2 * kDigestSize || !hex::decode(digits, given)) return SignatureStatus::Malformed;
  return constantTimeEquals(given, hmacSha256(body, secret)) ? SignatureStatus::Valid : SignatureStatus::Mismatch;
}

std::string describe(SignatureStatus status, Provider provider) {
  const bool github = provider == Provider::GitHub;
  switch (status) {
    case SignatureStatus::Valid:
      return "signature is valid";
    case SignatureStatus::Missing:
      return github ? "no signature: pass the X-Hub-Signature-256 header value with --signature "
                      "(set a secret on the GitHub webhook)"
                    : "no token: pass the X-Gitlab-Token header value with --signature "
                      "(set a secret token on the GitLab webhook)";
    case SignatureStatus::WrongPrefix:
      return "signature does not start with 'sha256=': pass the X-Hub-Signature-256 header "
             "(the SHA-1 X-Hub-Signature header is not accepted)";
    case SignatureStatus::Malformed:
      return "signature is not 'sha256=' followed by 64 hexadecimal digits";
    case SignatureStatus::Mismatch:
      return github ? "signature does not match the body and WEBHOOK_SECRET: the body must be the raw "
                      "request bytes (Kestra Webhook trigger with fetchType: STORE, file trigger.uri); "
                      "a re-serialised trigger.body never matches"
                    : "X-Gitlab-Token does not match WEBHOOK_SECRET";
  }
  return "unknown signature status";
}

}  // namespace kcicd::webhook
