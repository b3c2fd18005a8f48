#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kcicd::kestra {

// Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are), like the Go SDK's
// url.PathEscape per segment (client-sdk go-sdk/kestra_api_client/base_api.go).
std::string encodePathSegment(std::string_view segment);

// "/api/v1/<tenant>/<segments…>" (Kestra ≥ 0.23, OSS tenant "main"), or "/api/v1/<segments…>" when the
// tenant is nullopt (≤ 0.22). Each segment is percent-encoded; an empty, "." or ".." one throws UsageError.
std::string apiPath(const std::optional<std::string>& tenant, std::initializer_list<std::string_view> segments);

// "?a=1&b=2" with encoded values ("" for an empty list).
std::string queryString(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace kcicd::kestra
