#include "WorkdirSymlinks.h"

#include <sys/stat.h>

namespace kcicd::git {
namespace {

struct Walk {
  const std::filesystem::path& workdir;
  std::optional<std::string> found;
};

int visit(const char* root, const git_tree_entry* entry, void* payload) {
  auto& walk = *static_cast<Walk*>(payload);
  std::string path = std::string(root) + git_tree_entry_name(entry);
  struct stat info {};
  if (lstat((walk.workdir / path).c_str(), &info) != 0) return 1;  // absent: nothing below it either
  if (S_ISLNK(info.st_mode)) {
    walk.found = path;
    return -1;  // stop the walk
  }
  return 0;
}

}  // namespace

std::optional<std::string> firstSymlinkOnTreePaths(git_tree* tree, const std::filesystem::path& workdir) {
  Walk walk{workdir, std::nullopt};
  git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &walk);
  return walk.found;
}

}  // namespace kcicd::git
