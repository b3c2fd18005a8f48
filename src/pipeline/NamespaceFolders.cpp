#include "NamespaceFolders.h"

#include <algorithm>
#include <set>

#include "flow/FlowFiles.h"
#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace fs = std::filesystem;

bool isNamespaceName(const std::string& name) {
  if (name.empty() || name.size() > 150) return false;
  auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && (c == '.' || c == '_' || c == '-'));
  };
  for (size_t i = 0; i < name.size(); ++i)
    if (!ok(name[i], i == 0)) return false;
  return true;
}

namespace {

std::vector<fs::path> flowsIn(const fs::path& dir, const fs::path& repository) {
  try {
    return flow::collectFlowFiles({dir}, 100000, repository);
  } catch (const flow::NoFlowFound&) {
    return {};  // an empty namespace folder
  }
}

// A folder of flows must lie inside the repository, links followed.
// Named outside it, the flag is wrong (exit 2); named inside but leading out through a link, the
// repository is (exit 1).
void checkInRepository(const fs::path& dir, const fs::path& repository, const std::string& flag) {
  if (flow::isInside(dir, repository)) return;
  std::string message = flag + ": '" + dir.string() + "' is outside the repository '" + repository.string() + "'";
  auto relative = dir.lexically_normal().lexically_relative(repository.lexically_normal());
  bool namedInside = !relative.empty() && *relative.begin() != "..";
  if (namedInside) throw RepositoryError(message + " through a symbolic link in the repository");
  throw UsageError(message);
}

void sortByNamespace(NamespaceLayout& layout) {
  std::sort(layout.namespaces.begin(), layout.namespaces.end(),
            [](const NamespaceFolder& a, const NamespaceFolder& b) { return a.ns < b.ns; });
}

}  // namespace

NamespaceLayout discoverNamespaces(const fs::path& flowsDir, const fs::path& repository) {
  std::error_code ec;
  if (!fs::is_directory(flowsDir, ec))
    throw RepositoryError("--flows-dir: the repository has no folder '" + flowsDir.string() +
                          "'; put the flows in flows/<namespace>/ or name their folder with --flows-dir");
  checkInRepository(flowsDir, repository, "--flows-dir");
  NamespaceLayout layout;
  for (const auto& entry : fs::directory_iterator(flowsDir, ec)) {
    std::string name = entry.path().filename().string();
    if (name == ".git") continue;
    if (!entry.is_directory(ec) || !isNamespaceName(name)) {
      if (entry.is_directory(ec) || flow::hasFlowExtension(entry.path())) layout.ignored.push_back(entry.path());
      continue;
    }
    auto files = flowsIn(entry.path(), repository);
    if (!files.empty()) layout.namespaces.push_back({name, entry.path(), std::move(files)});
  }
  if (ec) throw RepositoryError("--flows-dir: cannot read '" + flowsDir.string() + "': " + ec.message());
  sortByNamespace(layout);
  std::sort(layout.ignored.begin(), layout.ignored.end());
  return layout;
}

std::vector<std::pair<std::string, fs::path>> mappedFolders(const fs::path& base, const std::vector<std::string>& maps,
                                                             const std::string& flag) {
  std::vector<std::pair<std::string, fs::path>> out;
  std::set<std::string> seen;
  for (const auto& map : maps) {
    const std::string what = flag + " '" + map + "'";
    auto eq = map.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == map.size()) throw UsageError(what + ": expected DIR=NAMESPACE");
    fs::path dir = base / map.substr(0, eq);
    std::string ns = map.substr(eq + 1);
    if (!isNamespaceName(ns)) throw UsageError(what + ": '" + ns + "' is not a valid namespace");
    if (!seen.insert(ns).second) throw UsageError(what + ": namespace '" + ns + "' is mapped twice");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw RepositoryError(what + ": the repository has no folder '" + dir.string() + "'");
    checkInRepository(dir, base, what);
    out.emplace_back(ns, dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

NamespaceLayout mapNamespaces(const fs::path& base, const std::vector<std::string>& maps) {
  NamespaceLayout layout;
  for (auto& [ns, dir] : mappedFolders(base, maps, "--map")) layout.namespaces.push_back({ns, dir, flowsIn(dir, base)});
  return layout;
}

}  // namespace kcicd::pipeline
