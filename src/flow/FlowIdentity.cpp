#include "FlowIdentity.h"

#include <yaml-cpp/yaml.h>

namespace kcicd::flow {

std::optional<FlowIdentity> readFlowIdentity(std::string_view yamlSource) {
  try {
    YAML::Node root = YAML::Load(std::string(yamlSource));
    if (!root.IsMap()) return std::nullopt;
    YAML::Node id = root["id"], ns = root["namespace"];
    if (!id || !ns || !id.IsScalar() || !ns.IsScalar()) return std::nullopt;
    FlowIdentity identity{id.Scalar(), ns.Scalar()};
    if (identity.id.empty() || identity.ns.empty()) return std::nullopt;
    return identity;
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace kcicd::flow
