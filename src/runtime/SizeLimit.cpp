#include "SizeLimit.h"

#include <algorithm>

namespace kcicd {

std::string describeBytes(std::uint64_t bytes) {
  static const char* const units[] = {"GiB", "MiB", "KiB"};
  for (int i = 0; i < 3; ++i) {
    std::uint64_t factor = std::uint64_t{1} << (10 * (3 - i));
    if (bytes >= factor && bytes % factor == 0) return std::to_string(bytes / factor) + " " + units[i];
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

void appendWithinLimit(std::string& buffer, const char* data, std::size_t n, std::uint64_t limit) {
  const std::uint64_t needed = buffer.size() + n;
  if (needed > buffer.capacity() && needed <= limit) {
    // The smallest limit/2^k that holds `needed` (and at least 64 KiB): the old buffer and the copy of its
    // content together are at most that capacity.
    std::uint64_t capacity = limit;
    while (capacity / 2 >= std::max<std::uint64_t>(needed, 65536)) capacity /= 2;
    std::string grown;
    grown.reserve(static_cast<std::size_t>(capacity));
    grown.append(buffer);
    buffer.swap(grown);
  }
  buffer.append(data, n);
}

}  // namespace kcicd
