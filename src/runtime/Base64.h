#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kcicd::base64 {

// Standard alphabet (RFC 4648 §4) with '=' padding.
std::string encode(std::string_view bytes);

// Decodes like Java's Base64.getDecoder() as Kestra uses it for SECRET_ variables: standard alphabet,
// padding optional, any other character (including whitespace) is an error → nullopt.
std::optional<std::string> decode(std::string_view text);

}  // namespace kcicd::base64
