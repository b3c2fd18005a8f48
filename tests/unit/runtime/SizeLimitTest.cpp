// Size limits: the sizes in limit messages and --help defaults, and buffers that never grow past their limit.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

#include "runtime/SizeLimit.h"

using kcicd::appendWithinLimit;
using kcicd::describeBytes;

TEST_CASE("byte counts are described exactly in the largest dividing unit", "[sizelimit]") {
  CHECK(describeBytes(64ull << 20) == "64 MiB");
  CHECK(describeBytes(25ull << 20) == "25 MiB");
  CHECK(describeBytes(2ull << 30) == "2 GiB");
  CHECK(describeBytes(1024) == "1 KiB");
  CHECK(describeBytes(1536) == "1536 bytes");
  CHECK(describeBytes((1ull << 20) + 1024) == "1025 KiB");
  CHECK(describeBytes(1) == "1 byte");
  CHECK(describeBytes(0) == "0 bytes");
}

TEST_CASE("a buffer filled up to its limit never has a capacity above it", "[sizelimit]") {
  for (std::uint64_t limit : {std::uint64_t{1} << 20, std::uint64_t{1000000}, std::uint64_t{3 * 65536 + 7}}) {
    std::string buffer;
    std::string piece(4093, 'x');  // not a divisor of the limit: the last piece is cut
    std::size_t appended = 0;
    while (appended < limit) {
      std::size_t n = std::min<std::size_t>(piece.size(), limit - appended);
      piece[0] = static_cast<char>('a' + appended % 26);
      appendWithinLimit(buffer, piece.data(), n, limit);
      CHECK(buffer.capacity() <= limit);
      CHECK(buffer[appended] == piece[0]);
      appended += n;
    }
    CHECK(buffer.size() == limit);
    CHECK(buffer.capacity() == limit);
  }
}
