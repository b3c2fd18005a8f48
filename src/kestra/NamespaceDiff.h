#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::kestra {

// What a per-flow write does to a flow (pipeline/FlowPlan.h decides it).
enum class FlowChangeKind { Added, Updated, Unchanged, Deleted };
std::string_view toString(FlowChangeKind kind);  // "ADDED", "UPDATED", "UNCHANGED", "DELETED"

// A short unified diff of two texts (3 lines of context), at most `maxLines` lines, then "… N more lines".
std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view beforeName,
                        std::string_view afterName, std::size_t maxLines = 60);

}  // namespace kcicd::kestra
