#pragma once
// How many findings one file keeps. Past the cap a finding is only counted, and the report ends with one
// "… and N more" diagnostic: a 10 MB file of 900,000 unknown keys otherwise kept 900,000 diagnostics
// (0.9 GB in `flow validate`, 3.6 GB in `deploy`, which keeps every report) and printed 376 MB.
#include <cstddef>
#include <string>

namespace kcicd::flow {

inline constexpr std::size_t kDefaultMaxDiagnostics = 100;  // per file, --max-diagnostics

class DiagnosticCap {
 public:
  explicit DiagnosticCap(std::size_t limit = kDefaultMaxDiagnostics) : limit_(limit) {}

  // True when one more finding may be kept; otherwise it is counted as omitted.
  bool take() {
    if (kept_ < limit_) {
      ++kept_;
      return true;
    }
    return false;
  }
  std::size_t limit() const { return limit_; }
  // True once take() refuses: a finding past the cap is only counted, so its text need not be built.
  bool full() const { return kept_ >= limit_; }

 private:
  std::size_t limit_;
  std::size_t kept_ = 0;
};

// The text of the diagnostic that stands for `omitted` findings that were not kept.
inline std::string omittedText(std::size_t omitted, std::size_t limit, const char* what) {
  return "\u2026 and " + std::to_string(omitted) + " more " + what + " not listed (at most " + std::to_string(limit) +
         " diagnostics per file, limit: --max-diagnostics)";
}

}  // namespace kcicd::flow
