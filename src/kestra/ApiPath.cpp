#include "ApiPath.h"

#include "runtime/Errors.h"
#include "runtime/Hex.h"

namespace kcicd::kestra {

std::string encodePathSegment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (unsigned char c : segment) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex::digit(c >> 4, true);
      out += hex::digit(c, true);
    }
  }
  return out;
}

namespace {
// A dot segment would be resolved by the server or a proxy (RFC 3986 §5.2.4), encoded or not, and reach
// another resource: names are checked against Kestra's patterns before, this is the last guard.
std::string pathSegment(std::string_view name) {
  if (name.empty() || name == "." || name == "..")
    throw UsageError("'" + std::string(name) + "' cannot be a name in a Kestra API path");
  return "/" + encodePathSegment(name);
}
}  // namespace

std::string apiPath(const std::optional<std::string>& tenant, std::initializer_list<std::string_view> segments) {
  std::string path = "/api/v1";
  if (tenant) path += pathSegment(*tenant);
  for (auto segment : segments) path += pathSegment(segment);
  return path;
}

std::string queryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params)
    out += (out.empty() ? "?" : "&") + encodePathSegment(name) + "=" + encodePathSegment(value);
  return out;
}

}  // namespace kcicd::kestra
