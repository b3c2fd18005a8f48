#include "Suggest.h"

#include <algorithm>
#include <array>

namespace kcicd {

std::size_t editDistance(std::string_view a, std::string_view b) {
  // Three rolling rows (the swap looks two rows back), on the stack for the short words this compares: a
  // flow with 900,000 unknown keys asks for a suggestion 900,000 times, and allocations add up (under
  // ASan their quarantine alone showed as 40 MB of RSS).
  constexpr std::size_t kStack = 128;
  std::array<std::size_t, kStack + 1> r0{}, r1{}, r2{};
  std::vector<std::size_t> h0, h1, h2;
  std::size_t *twoBack = r0.data(), *previous = r1.data(), *current = r2.data();
  if (b.size() > kStack) {
    h0.resize(b.size() + 1), h1.resize(b.size() + 1), h2.resize(b.size() + 1);
    twoBack = h0.data(), previous = h1.data(), current = h2.data();
  }
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], twoBack[j - 2] + 1);
    }
    std::size_t* oldest = twoBack;
    twoBack = previous, previous = current, current = oldest;
  }
  return previous[b.size()];
}

std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  // Bare words are compared without their dashes, so "--locl" and "local" count as one edit apart.
  auto bare = [](std::string_view s) { return s.substr(std::min(s.find_first_not_of('-'), s.size())); };
  std::string_view w = bare(word);
  if (w.empty() || w.size() > 64) return std::nullopt;
  std::size_t limit = w.size() < 5 ? 1 : std::min<std::size_t>(2, w.size() / 3);
  std::optional<std::string> best;
  std::size_t bestDistance = limit + 1;
  for (const auto& candidate : candidates) {
    std::string_view c = bare(candidate);
    if ((c.size() > w.size() ? c.size() - w.size() : w.size() - c.size()) > limit) continue;  // too far already
    std::size_t distance = editDistance(w, c);
    if (distance < bestDistance && distance > 0) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace kcicd
