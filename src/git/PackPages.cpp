#include "PackPages.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace kcicd::git {

std::size_t residentBytes(int statm) {
  int fd = statm >= 0 ? statm : open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[128];
  ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (statm < 0) close(fd);
  if (n <= 0) return 0;
  text[n] = '\0';
  unsigned long size = 0, resident = 0;  // "size resident shared text lib data dt", in pages
  if (std::sscanf(text, "%lu %lu", &size, &resident) != 2) return 0;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

PackPages::PackPages(std::filesystem::path gitDirectory, std::size_t slackBytes)
    : prefix_(gitDirectory.string()), slack_(slackBytes), statm_(open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) {}

PackPages::~PackPages() {
  if (statm_ >= 0) close(statm_);
}

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
  if (++calls_ % kCheckEvery != 0) return;
  std::size_t now = residentBytes(statm_);
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
  residentAfterRelease_ = residentBytes(statm_);
  return advised;
}

}  // namespace kcicd::git
