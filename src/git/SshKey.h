#pragma once
#include <string_view>

namespace kcicd::git {

// The container of a private key given as text (GIT_SSH_KEY).
enum class SshKeyFormat { OpenSsh, Pem, Pkcs8, Unknown };

SshKeyFormat sshKeyFormat(std::string_view key);
// True when the key needs a passphrase: PEM "Proc-Type: 4,ENCRYPTED", PKCS#8 "ENCRYPTED PRIVATE KEY",
// or an OpenSSH key whose cipher is not "none" (PROTOCOL.key: "openssh-key-v1\0", string ciphername…).
bool sshKeyEncrypted(std::string_view key);
// True for an RSA key (PEM "RSA PRIVATE KEY", or "ssh-rsa" in an OpenSSH key's clear public part).
bool sshKeyIsRsa(std::string_view key);

}  // namespace kcicd::git
