#pragma once
#include <string>
#include <string_view>

namespace kcicd {

// Decodes the %XX escapes of a URI component (RFC 3986 §2.1); a '%' not followed by two hex digits stays
// as it is. Used for `$ref` fragments and the user info of proxy URLs.
std::string percentDecode(std::string_view text);

}  // namespace kcicd
