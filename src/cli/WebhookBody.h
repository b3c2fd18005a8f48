#pragma once
#include <cstdint>
#include <string>

namespace kcicd::cli {

// The raw body of a webhook delivery, read from `path` ("-" = stdin) for `flag` (--body, --webhook-body).
// A body larger than maxBytes (--max-body-size) is refused with a UsageError: a file on its size before
// reading, stdin while reading, so a huge body is never buffered beyond the limit.
std::string readWebhookBody(const std::string& flag, const std::string& path, std::uint64_t maxBytes);

}  // namespace kcicd::cli
