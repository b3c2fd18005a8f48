#include "OutputBudget.h"

#include "runtime/SizeLimit.h"

namespace kcicd::cli {

bool OutputBudget::take(std::size_t bytes) {
  // Once one line was left out, later (shorter) lines are too: the listing stops, it does not skip.
  if (omitted_ == 0 && used_ + bytes <= maxBytes_) {
    used_ += bytes;
    return true;
  }
  ++omitted_;
  return false;
}

std::string OutputBudget::closingLine() const {
  if (omitted_ == 0) return {};
  return "\u2026 " + std::to_string(omitted_) + " more line(s) not printed: the output reached " +
         describeBytes(maxBytes_) + " (limit: --max-output-size); the summary and the exit code count every flow";
}

}  // namespace kcicd::cli
