#include "FlowIdentity.h"

#include <algorithm>

#include "YamlLoader.h"

namespace kcicd::flow {

namespace {

// A non-empty string scalar: not a null (`~`, `null`, nothing), not a collection.
std::optional<std::string> nonEmptyScalar(const NodeRef& node) {
  if (!node.isScalar() || node.isNullValue() || node.text().empty()) return std::nullopt;
  return std::string(node.text());
}

}  // namespace

std::optional<FlowIdentity> readFlowIdentity(std::string_view yamlSource) {
  // Through the guarded loader, never yaml-cpp's Load: that loops forever on a stray `,` and has no node,
  // depth or alias limits. The caller read the text within its --max-file-size already.
  YamlOptions options;
  options.limits.maxFileBytes = std::max<std::uint64_t>(options.limits.maxFileBytes, yamlSource.size());
  options.mergeKeys = false;  // as yaml-cpp's node API: `<<` is a key
  YamlFile file = loadYaml(std::string(yamlSource), options);
  // Only the first document counts (as YAML::Load read it): a problem in a later one does not matter.
  if (file.documents.empty()) return std::nullopt;
  NodeRef root = file.documents.front().root();
  if (!root.isMapping()) return std::nullopt;
  auto id = nonEmptyScalar(root.get("id"));
  auto ns = nonEmptyScalar(root.get("namespace"));
  if (!id || !ns) return std::nullopt;
  return FlowIdentity{*id, *ns};
}

}  // namespace kcicd::flow
