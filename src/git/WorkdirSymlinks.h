#pragma once
#include <git2.h>

#include <filesystem>
#include <optional>
#include <string>

namespace kcicd::git {

// The first path of `tree` that is already a symbolic link in `workdir`, relative to it, if any.
// A checkout into a non-empty directory (Kestra's working directory) writes each tree path there:
// a symbolic link planted at "flows" or "flows/a.yml" would have it write outside the directory.
std::optional<std::string> firstSymlinkOnTreePaths(git_tree* tree, const std::filesystem::path& workdir);

}  // namespace kcicd::git
