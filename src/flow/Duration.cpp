#include "Duration.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace kcicd::flow {

namespace {

constexpr long long kNanosPerSecond = 1000000000LL;

bool ieq(char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b)); }

// [-+]?[0-9]+ at text[i]; advances i. False when absent (i unchanged).
bool readInteger(std::string_view text, std::size_t& i, long long& value, bool& overflow) {
  std::size_t k = i;
  bool negative = false;
  if (k < text.size() && (text[k] == '+' || text[k] == '-')) negative = text[k++] == '-';
  std::size_t digits = k;
  long long v = 0;
  while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
    int d = text[k] - '0';
    if (v > (std::numeric_limits<long long>::max() - d) / 10) overflow = true;
    else v = v * 10 + d;
    ++k;
  }
  if (k == digits) return false;
  value = negative ? -v : v;
  i = k;
  return true;
}

bool addSeconds(long long& total, long long amount, long long unit) {
  long long scaled;
  if (__builtin_mul_overflow(amount, unit, &scaled)) return false;
  return !__builtin_add_overflow(total, scaled, &total);
}

JavaDuration normalize(long long seconds, long long nanos) {
  seconds += nanos / kNanosPerSecond;
  nanos %= kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  return JavaDuration{seconds, static_cast<int>(nanos)};
}

// The fraction after a seconds value at `j` ('.' or ','), up to 9 digits, in nanoseconds; false past 9 digits.
bool readFraction(std::string_view text, std::size_t& j, long long& fraction) {
  fraction = 0;
  if (j >= text.size() || (text[j] != '.' && text[j] != ',')) return true;
  ++j;
  int digits = 0;
  while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
    if (digits == 9) return false;
    fraction = fraction * 10 + (text[j] - '0');
    ++digits;
    ++j;
  }
  for (int d = digits; d < 9; ++d) fraction *= 10;
  return true;
}

// The time part after 'T' at `i`: hours, minutes, then seconds with an optional fraction. False when it holds none
// of them, or when the total overflows.
bool readTime(std::string_view text, std::size_t& i, long long& total, long long& nanos, bool& overflow) {
  bool anyTime = false;
  const char units[] = {'H', 'M'};
  const long long factors[] = {3600, 60};
  for (int u = 0; u < 2; ++u) {
    std::size_t k = i;
    long long v;
    if (readInteger(text, k, v, overflow) && k < text.size() && ieq(text[k], units[u])) {
      if (!addSeconds(total, v, factors[u])) return false;
      i = k + 1;
      anyTime = true;
    }
  }
  std::size_t k = i;
  long long v;
  if (readInteger(text, k, v, overflow)) {
    long long fraction = 0;
    std::size_t j = k;
    bool ok = readFraction(text, j, fraction);
    if (ok && j < text.size() && ieq(text[j], 'S')) {
      bool negativeSeconds = text[i] == '-';
      if (!addSeconds(total, v, 1)) return false;
      nanos += negativeSeconds ? -fraction : fraction;
      i = j + 1;
      anyTime = true;
    }
  }
  return anyTime;
}

}  // namespace

std::optional<JavaDuration> parseIsoDuration(std::string_view text) {
  std::size_t i = 0;
  bool negate = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negate = text[i++] == '-';
  if (i >= text.size() || !ieq(text[i], 'P')) return std::nullopt;
  ++i;
  long long total = 0, nanos = 0;
  bool any = false, overflow = false;
  // days
  {
    std::size_t k = i;
    long long v;
    if (readInteger(text, k, v, overflow) && k < text.size() && ieq(text[k], 'D')) {
      if (!addSeconds(total, v, 86400)) return std::nullopt;
      i = k + 1;
      any = true;
    }
  }
  if (i < text.size() && ieq(text[i], 'T')) {
    ++i;
    if (!readTime(text, i, total, nanos, overflow)) return std::nullopt;
    any = true;
  }
  if (!any || i != text.size() || overflow) return std::nullopt;
  JavaDuration d = normalize(total, nanos);
  if (negate) d = normalize(-d.seconds, -static_cast<long long>(d.nanos));
  return d;
}

std::optional<JavaDuration> parseKestraDuration(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (auto iso = parseIsoDuration(text)) return iso;
  // A number of seconds.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0, dots = 0;
  for (std::size_t k = i; k < text.size(); ++k) {
    if (std::isdigit(static_cast<unsigned char>(text[k]))) ++digits;
    else if (text[k] == '.') ++dots;
    else return std::nullopt;
  }
  if (digits == 0 || dots > 1) return std::nullopt;
  double value = std::strtod(std::string(text).c_str(), nullptr);
  if (!std::isfinite(value) || std::fabs(value) > 9.2e18) return std::nullopt;
  double whole = std::floor(value);
  return normalize(static_cast<long long>(whole), std::llround((value - whole) * 1e9));
}

std::string toJavaString(const JavaDuration& d) {
  if (d.seconds == 0 && d.nanos == 0) return "PT0S";
  long long effective = d.seconds;
  if (d.seconds < 0 && d.nanos > 0) ++effective;
  long long hours = effective / 3600;
  long long minutes = (effective % 3600) / 60;
  long long secs = effective % 60;
  std::string out = "PT";
  if (hours != 0) out += std::to_string(hours) + "H";
  if (minutes != 0) out += std::to_string(minutes) + "M";
  if (secs == 0 && d.nanos == 0 && out.size() > 2) return out;
  if (d.seconds < 0 && d.nanos > 0) {
    out += secs == 0 ? "-0" : std::to_string(secs);
  } else {
    out += std::to_string(secs);
  }
  if (d.nanos > 0) {
    std::size_t pos = out.size();
    long long fraction = d.seconds < 0 ? 2 * kNanosPerSecond - d.nanos : d.nanos + kNanosPerSecond;
    out += std::to_string(fraction);
    while (out.back() == '0') out.pop_back();
    out[pos] = '.';
  }
  out += 'S';
  return out;
}

}  // namespace kcicd::flow
