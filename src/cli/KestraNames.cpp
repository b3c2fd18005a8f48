#include "KestraNames.h"

#include "flow/Patterns.h"

namespace kcicd::cli {

namespace {
// Kestra 1.x/2.0 core io/kestra/core/models/flows/Flow.java (AbstractFlow): @Pattern and @Size on id
// (max 100) and namespace (max 150).
CLI::Validator pattern(const char* regex, std::size_t maxLength, std::string what, std::string rule) {
  return CLI::Validator(
      [=](std::string& value) {
        if (value.size() <= maxLength && flow::patterns::matches(regex, value)) return std::string();
        return "'" + value + "' is not a Kestra " + what + ": " + rule + ", at most " + std::to_string(maxLength) +
               " characters";
      },
      what == "namespace" ? "NAMESPACE" : "ID");
}
}  // namespace

CLI::Validator kestraNamespace() {
  return pattern(flow::patterns::kNamespace, 150, "namespace",
                 "a lower-case letter or digit, then lower-case letters, digits, '.', '_' or '-'");
}

CLI::Validator kestraFlowId() {
  return pattern(flow::patterns::kFlowId, 100, "flow id", "a letter or digit, then letters, digits, '.', '_' or '-'");
}

}  // namespace kcicd::cli
