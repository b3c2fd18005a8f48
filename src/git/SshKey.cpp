#include "SshKey.h"

#include <optional>
#include <string>

#include "runtime/Base64.h"

namespace kcicd::git {

SshKeyFormat sshKeyFormat(std::string_view key) {
  if (key.find("-----BEGIN OPENSSH PRIVATE KEY-----") != std::string_view::npos) return SshKeyFormat::OpenSsh;
  if (key.find("-----BEGIN PRIVATE KEY-----") != std::string_view::npos ||
      key.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos)
    return SshKeyFormat::Pkcs8;
  for (auto kind : {"RSA", "EC", "DSA"})
    if (key.find(std::string("-----BEGIN ") + kind + " PRIVATE KEY-----") != std::string_view::npos)
      return SshKeyFormat::Pem;
  return SshKeyFormat::Unknown;
}

namespace {
// The base64 body of an OpenSSH key, decoded ("" when malformed).
std::string opensshBody(std::string_view key) {
  auto begin = key.find("-----\n");
  auto end = key.find("-----END");
  if (begin == std::string_view::npos || end == std::string_view::npos || end <= begin) return "";
  std::string body;
  for (char c : key.substr(begin + 6, end - begin - 6))
    if (c != '\n' && c != '\r' && c != ' ') body.push_back(c);
  return base64::decode(body).value_or("");
}
}  // namespace

bool sshKeyIsRsa(std::string_view key) {
  switch (sshKeyFormat(key)) {
    case SshKeyFormat::Pem: return key.find("BEGIN RSA PRIVATE KEY") != std::string_view::npos;
    case SshKeyFormat::OpenSsh: return opensshBody(key).find("ssh-rsa") != std::string::npos;
    default: return false;
  }
}

bool sshKeyEncrypted(std::string_view key) {
  switch (sshKeyFormat(key)) {
    case SshKeyFormat::Pem: return key.find("ENCRYPTED") != std::string_view::npos;
    case SshKeyFormat::Pkcs8: return key.find("BEGIN ENCRYPTED PRIVATE KEY") != std::string_view::npos;
    case SshKeyFormat::Unknown: return false;
    case SshKeyFormat::OpenSsh: break;
  }
  auto raw = std::optional<std::string>(opensshBody(key));
  const std::string magic("openssh-key-v1\0", 15);
  if ( raw->size() < magic.size() + 4 || raw->compare(0, magic.size(), magic) != 0) return false;
  size_t p = magic.size();
  auto len = (size_t(static_cast<unsigned char>((*raw)[p])) << 24) | (size_t(static_cast<unsigned char>((*raw)[p + 1])) << 16) |
             (size_t(static_cast<unsigned char>((*raw)[p + 2])) << 8) | size_t(static_cast<unsigned char>((*raw)[p + 3]));
  if (raw->size() < p + 4 + len) return false;
  return raw->substr(p + 4, len) != "none";
}

}  // namespace kcicd::git
