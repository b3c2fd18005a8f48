#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kcicd::flow {

// A flow's identity: its top-level `id` and `namespace` scalars.
struct FlowIdentity {
  std::string id;
  std::string ns;
};

// Reads the top-level `id` and `namespace` of one YAML document. nullopt when the source does not parse,
// is not a mapping, or lacks either scalar.
std::optional<FlowIdentity> readFlowIdentity(std::string_view yamlSource);

}  // namespace kcicd::flow
