#pragma once
// Limit tests: a hostile input is refused with the child's peak RSS (wait4) within a bound above what
// `kestra-cicd --version` takes.
#include <catch2/catch_test_macros.hpp>

#include "Process.h"

namespace kcicd::test {

// Peak RSS of a run that does nothing: the binary's own footprint, and this test process's (a forked child
// starts with it): call it first, while the test process is small.
inline long baselineKb() {
  static const long kb = runCli({"--version"}).peakRssKb;
  return kb;
}

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAsan = true;
#elif defined(__has_feature)
inline constexpr bool kAsan = __has_feature(address_sanitizer);
#else
inline constexpr bool kAsan = false;
#endif

// The run stayed within `allowedMb` above the baseline. The bounds are the release build's; under ASan,
// whose quarantine keeps freed blocks and whose redzones surround every small allocation, the same runs
// measured 3.5-4.3 times as much (YAML-heavy inputs), so 5 times plus 64 MB is allowed there: an unbounded
// run (0.9-3.7 GB in the release build before the limits) still fails it.
inline void checkBoundedMemory(const ProcessResult& r, long allowedMb) {
  if (kAsan) allowedMb = 5 * allowedMb + 64;
  INFO("peak RSS " << r.peakRssKb / 1024 << " MB, baseline " << baselineKb() / 1024 << " MB, allowed +"
                   << allowedMb << " MB");
  REQUIRE(baselineKb() > 0);
  CHECK(r.peakRssKb > 0);
  CHECK(r.peakRssKb < baselineKb() + allowedMb * 1024);
}

}  // namespace kcicd::test
