#include "CreatedPaths.h"

#include <vector>

namespace kcicd::git {
namespace fs = std::filesystem;

CreatedPaths::CreatedPaths(const fs::path& directory) : directory_(directory) {
  std::error_code ec;
  for (fs::path p = directory; !p.empty() && p != p.root_path() && !fs::exists(p, ec); p = p.parent_path())
    firstCreated_ = p;
  if (!firstCreated_.empty()) return;
  for (auto it = fs::recursive_directory_iterator(directory, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    before_.insert(it->path());
}

void CreatedPaths::removeCreated() noexcept {
  std::error_code ec;
  if (!firstCreated_.empty()) {
    fs::remove_all(firstCreated_, ec);
    return;
  }
  std::vector<fs::path> created;
  for (auto it = fs::recursive_directory_iterator(directory_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (before_.count(it->path())) continue;
    created.push_back(it->path());
    if (it->is_directory(ec)) it.disable_recursion_pending();  // removed whole below
  }
  for (const auto& p : created) fs::remove_all(p, ec);
}

}  // namespace kcicd::git
