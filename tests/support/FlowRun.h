#pragma once
// The flow tests' common steps: validate one YAML source as a flow file, and read a report's errors as Kestra's
// "<path>: <message>" lines (with our hints or without).
#include <string>

#include "flow/FlowValidator.h"

namespace kcicd::test {

inline flow::FileReport validateFlow(const std::string& yaml, flow::KestraVersion version) {
  flow::FlowValidator validator(flow::ValidatorOptions{version, {}, {}});
  return validator.validate(yaml, "flow.yml");
}

inline std::string errorLines(const flow::FileReport& report) {
  std::string out;
  for (const auto& d : report.documents)
    for (const auto& e : d.errors) out += e.path + ": " + e.message + "\n";
  return out;
}

// The same lines with our hint, when there is one, as " [hint: …]".
inline std::string errorLinesWithHints(const flow::FileReport& report) {
  std::string out;
  for (const auto& d : report.documents)
    for (const auto& e : d.errors) out += e.path + ": " + e.message + (e.hint.empty() ? "" : " [hint: " + e.hint + "]") + "\n";
  return out;
}

}  // namespace kcicd::test
