#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::kestra {

// A flow's id and YAML source, local (a file) or remote (Kestra's stored source).
struct FlowSource {
  std::string id;
  std::string source;
};

enum class FlowChangeKind { Added, Updated, Unchanged, Deleted };
std::string_view toString(FlowChangeKind kind);  // "ADDED", "UPDATED", "UNCHANGED", "DELETED"

struct FlowChange {
  std::string id;
  FlowChangeKind kind;
  std::string diff;  // unified diff remote → local, for Updated only
};

// What `flow namespace update` would do: every local flow is ADDED, UPDATED or UNCHANGED; remote flows
// absent locally are DELETED only when `deleteMissing`. Sources are compared as Kestra stores them
// (trimmed, line endings and trailing spaces normalised). Local flows first (in order), then deletions.
std::vector<FlowChange> diffNamespace(const std::vector<FlowSource>& local, const std::vector<FlowSource>& remote,
                                      bool deleteMissing, std::size_t maxDiffLines = 60);

// A short unified diff of two texts (3 lines of context), at most `maxLines` lines, then "… N more lines".
std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view beforeName,
                        std::string_view afterName, std::size_t maxLines = 60);

// Kestra's stored form of a source, for comparison: CRLF → LF, trailing spaces of each line removed, trimmed.
std::string normalizeSource(std::string_view source);

}  // namespace kcicd::kestra
