#include "PackPages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace kcicd::git {

std::size_t residentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

PackPages::PackPages(std::filesystem::path gitDirectory, std::size_t slackBytes)
    : prefix_(gitDirectory.string()), slack_(slackBytes) {}

// The git directory may not exist yet when the clone starts; /proc/self/maps names files by their
// resolved path, so the prefix is resolved once the directory is there.
void PackPages::resolvePrefix() {
  std::error_code ec;
  auto canonical = std::filesystem::canonical(prefix_, ec);
  if (ec) return;
  prefix_ = canonical.string() + "/";
  resolved_ = true;
}

void PackPages::releaseIfGrown() {
  std::size_t now = residentBytes();
  if (now == 0 || now <= residentAfterRelease_ + slack_) return;
  release();
}

std::size_t PackPages::release() {
  if (!resolved_) resolvePrefix();
  if (!resolved_) return 0;
  std::ifstream maps("/proc/self/maps");
  std::size_t advised = 0;
  std::string line;
  while (std::getline(maps, line)) {
    // "start-end perms offset dev inode   path"
    std::istringstream in(line);
    std::string range, perms, offset, device, inode, path;
    in >> range >> perms >> offset >> device >> inode;
    std::getline(in >> std::ws, path);
    // Only libgit2's pack windows: read-only (never written through), shared file mappings.
    if (perms.size() != 4 || perms[0] != 'r' || perms[1] != '-' || perms[3] != 's') continue;
    if (path.compare(0, prefix_.size(), prefix_) != 0) continue;
    auto pack = path.find("objects/pack/", prefix_.size());
    if (pack == std::string::npos || (pack != prefix_.size() && path[pack - 1] != '/')) continue;
    std::uintptr_t start = 0, end = 0;
    if (std::sscanf(range.c_str(), "%lx-%lx", &start, &end) != 2 || end <= start) continue;
    if (madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED) == 0) advised += end - start;
  }
  residentAfterRelease_ = residentBytes();
  return advised;
}

}  // namespace kcicd::git
