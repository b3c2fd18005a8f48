#pragma once
#include <filesystem>
#include <set>

namespace kcicd::git {

// Remembers what exists under a clone's target directory before the clone, so that a failed clone
// removes what it created, and only that (files placed by a WorkingDirectory stay).
class CreatedPaths {
 public:
  explicit CreatedPaths(const std::filesystem::path& directory);
  // Removes every path that did not exist before (the directory itself if it did not exist).
  void removeCreated() noexcept;

 private:
  std::filesystem::path directory_;
  std::filesystem::path firstCreated_;  // the highest missing ancestor of directory_, or ""
  std::set<std::filesystem::path> before_;
};

}  // namespace kcicd::git
