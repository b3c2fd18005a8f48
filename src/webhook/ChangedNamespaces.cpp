#include "ChangedNamespaces.h"

#include <set>

namespace kcicd::webhook {

bool normalizeFlowsDir(std::string_view flowsDir, std::string& out) {
  out.clear();
  if (!flowsDir.empty() && flowsDir.front() == '/') return false;
  size_t pos = 0;
  while (pos <= flowsDir.size()) {
    size_t slash = flowsDir.find('/', pos);
    if (slash == std::string_view::npos) slash = flowsDir.size();
    std::string_view segment = flowsDir.substr(pos, slash - pos);
    pos = slash + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return false;
    if (!out.empty()) out += '/';
    out += segment;
  }
  return true;
}

NamespaceChanges changedNamespaces(const PushEvent& event, std::string_view flowsDir) {
  std::string dir;
  NamespaceChanges changes;
  changes.all = event.truncated;
  if (!normalizeFlowsDir(flowsDir, dir)) return changes;
  const std::string prefix = dir.empty() ? "" : dir + "/";
  std::set<std::string> paths, namespaces;
  for (const auto* list : {&event.added, &event.modified, &event.removed}) {
    for (const auto& path : *list) {
      paths.insert(path);
      if (path.compare(0, prefix.size(), prefix) != 0) continue;
      auto slash = path.find('/', prefix.size());
      if (slash == std::string::npos || slash == prefix.size()) continue;  // a file directly in DIR
      namespaces.insert(path.substr(prefix.size(), slash - prefix.size()));
    }
  }
  changes.namespaces.assign(namespaces.begin(), namespaces.end());
  changes.changedFiles = paths.size();
  return changes;
}

}  // namespace kcicd::webhook
