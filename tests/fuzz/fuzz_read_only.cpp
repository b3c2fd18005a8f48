// deploy --read-only=require/add: any bytes → a yes/no, labelled text or std::invalid_argument; never a
// crash, hang or unbounded memory (the YAML goes through the guarded loader, flow/YamlLoader.h).
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/ReadOnlyLabel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string source(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<std::string> missing;
    bool all = kcicd::pipeline::hasReadOnlyLabel(source, &missing);
    if (all != missing.empty()) std::abort();  // the missing list and the answer agree
  } catch (const std::invalid_argument&) {
  }
  try {
    std::string labelled = kcicd::pipeline::addReadOnlyLabel(source);
    // What add produced has the label everywhere (when it still parses), and adding again changes nothing.
    try {
      if (!kcicd::pipeline::hasReadOnlyLabel(labelled)) return 0;  // e.g. an existing label of another type
      if (kcicd::pipeline::addReadOnlyLabel(labelled) != labelled) std::abort();
    } catch (const std::invalid_argument&) {
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
