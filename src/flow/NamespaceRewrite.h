#pragma once
// `--override-namespaces`, done here and not by the server: Kestra's YAML namespace route has no
// `override` parameter (FlowController.updateFlowsInNamespace, 1.x), and the per-flow writes have none
// either. Only the value of the top-level `namespace:` line changes; every other byte is kept, so the
// stored source is the file as written.
#include <optional>
#include <string>
#include <string_view>

namespace kcicd::flow {

// `document` with the value of its top-level `namespace:` line replaced by `ns`. nullopt when no line at
// column 0 holds `namespace:` with a scalar on the same line (a block or multi-line value).
std::optional<std::string> rewriteNamespace(std::string_view document, std::string_view ns);

}  // namespace kcicd::flow
