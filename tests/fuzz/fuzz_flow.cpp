// Flow YAML loader and validator: any bytes → a report, never a crash, hang or unbounded memory.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "flow/FlowValidator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One validator per input: a validator is one run, with one run budget (flow/YamlBudget.h).
  const kcicd::flow::FlowValidator validator;
  auto report = validator.validate(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yml");
  if (report.documents.empty()) std::abort();  // every file yields at least one document report
  for (const auto& doc : report.documents) {
    (void)doc.identity();
    for (const auto& error : doc.errors)
      if (error.message.empty()) std::abort();  // every error says something
  }
  return 0;
}
