#pragma once
// A cap on the bytes a command prints for its findings (--max-output-size). Past it, lines are counted
// rather than printed and one closing line says how many: a run over thousands of bad flows would
// otherwise flood the CI log (one hostile flow printed 376 MB of stderr before the per-file cap).
#include <cstddef>
#include <cstdint>
#include <string>

namespace kcicd::cli {

inline constexpr std::uint64_t kDefaultMaxOutputBytes = 4ull * 1024 * 1024;  // --max-output-size

class OutputBudget {
 public:
  explicit OutputBudget(std::uint64_t maxBytes = kDefaultMaxOutputBytes) : maxBytes_(maxBytes) {}

  // True when `bytes` more may be printed (they are counted); false when the line is to be left out.
  bool take(std::size_t bytes);
  // Counts `lines` left out by the caller (e.g. the diagnostics of a shortened JSON document).
  void omit(std::uint64_t lines) { omitted_ += lines; }
  std::uint64_t omitted() const { return omitted_; }
  // "… N more line(s) not printed: …", naming the flag; "" when nothing was left out.
  std::string closingLine() const;

 private:
  std::uint64_t maxBytes_;
  std::uint64_t used_ = 0;
  std::uint64_t omitted_ = 0;
};

}  // namespace kcicd::cli
