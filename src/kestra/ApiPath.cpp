#include "ApiPath.h"

namespace kcicd::kestra {

std::string encodePathSegment(std::string_view segment) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (unsigned char c : segment) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string apiPath(const std::optional<std::string>& tenant, std::initializer_list<std::string_view> segments) {
  std::string path = "/api/v1";
  if (tenant) path += "/" + encodePathSegment(*tenant);
  for (auto segment : segments) path += "/" + encodePathSegment(segment);
  return path;
}

std::string queryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params)
    out += (out.empty() ? "?" : "&") + encodePathSegment(name) + "=" + encodePathSegment(value);
  return out;
}

}  // namespace kcicd::kestra
