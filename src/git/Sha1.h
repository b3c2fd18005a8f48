#pragma once
#include <array>
#include <string>
#include <string_view>

namespace kcicd::git {

// SHA-1 and HMAC-SHA1 (RFC 3174, RFC 2104): only for OpenSSH's hashed known_hosts names
// (`|1|salt|HMAC-SHA1(salt, host)`), never for anything that needs collision resistance.
using Sha1Digest = std::array<unsigned char, 20>;

Sha1Digest sha1(std::string_view data);
Sha1Digest hmacSha1(std::string_view key, std::string_view message);

}  // namespace kcicd::git
