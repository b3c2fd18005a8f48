#pragma once
// java.time.Duration as Kestra reads it (DurationDeserializer): ISO-8601 `PnDTnHnMn.nS` (Duration.parse:
// sign allowed, case-insensitive, no year/month/week units), or a number of seconds (floats allowed).
#include <optional>
#include <string>
#include <string_view>

namespace kcicd::flow {

struct JavaDuration {
  long long seconds = 0;
  int nanos = 0;  // 0..999,999,999, like java.time.Duration

  friend bool operator==(const JavaDuration&, const JavaDuration&) = default;
  friend auto operator<=>(const JavaDuration&, const JavaDuration&) = default;
};

// Duration.parse; nullopt when the text is not an ISO-8601 duration.
std::optional<JavaDuration> parseIsoDuration(std::string_view text);
// What Kestra accepts for a Duration field: ISO-8601, or a (possibly fractional) number of seconds.
std::optional<JavaDuration> parseKestraDuration(std::string_view text);
// Duration.toString(), e.g. PT15M, PT1.5S, PT48H.
std::string toJavaString(const JavaDuration& duration);

}  // namespace kcicd::flow
