#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace kcicd {

// Size limits on untrusted input (--max-file-size, --max-body-size, --max-response-size).

// A byte count as the size flags take it: "64 MiB", "3 KiB", "1000 bytes" (exact, never rounded).
std::string describeBytes(std::uint64_t bytes);

// Appends `n` bytes to `buffer`, which the caller keeps within `limit` bytes (it refuses more before calling).
// The capacity grows through limit/2^k, not by the library's doubling, so growing never holds more than
// `limit` bytes at once: input refused at the limit has cost about the limit in memory, not twice it.
void appendWithinLimit(std::string& buffer, const char* data, std::size_t n, std::uint64_t limit);

}  // namespace kcicd
