#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace kcicd::pipeline {

// The flows of one namespace, as laid out in Git: the guide's flows/prod, flows/prod.marketing.
struct NamespaceFolder {
  std::string ns;
  std::filesystem::path dir;
  std::vector<std::filesystem::path> files;  // sorted, collected like the Kestra CLI (flow/FlowFiles.h)
};

struct NamespaceLayout {
  std::vector<NamespaceFolder> namespaces;      // sorted by namespace: the order of the updates
  std::vector<std::filesystem::path> ignored;   // entries of flowsDir that are not namespace folders
};

// True when `name` is a valid Kestra namespace: ^[a-z0-9][a-z0-9._-]*, at most 150 characters.
bool isNamespaceName(const std::string& name);

// Every sub-folder of `flowsDir` named like a namespace, with its flow files (recursively).
// Throws UsageError when flowsDir is not a directory. Folders without flows are left out.
// Folders and flow files must lie inside `repository`, links followed (flow/FlowFiles.h).
NamespaceLayout discoverNamespaces(const std::filesystem::path& flowsDir, const std::filesystem::path& repository);

// Explicit `DIR=NAMESPACE` mappings (DIR relative to `base`). Throws UsageError naming the --map
// value when it is malformed, the namespace is invalid, DIR is missing or two maps name one namespace.
NamespaceLayout mapNamespaces(const std::filesystem::path& base, const std::vector<std::string>& maps);

// The DIR=NAMESPACE values of `flag` (--map, --files-map) as (namespace, folder) pairs sorted by namespace,
// checked like --map's.
std::vector<std::pair<std::string, std::filesystem::path>> mappedFolders(const std::filesystem::path& base,
                                                                         const std::vector<std::string>& maps,
                                                                         const std::string& flag);

}  // namespace kcicd::pipeline
