#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

namespace kcicd::git {

// libgit2 reads pack files through mmap windows that it keeps open until the clone ends. Each read
// makes the kernel map the pages around it as well (fault-around, 64 KiB), so indexing deltas and
// checking out leave most of the pack resident in the process: a clone's peak RSS grew with the
// pack (git reads packs with pread and does not). PackPages gives those pages back: clean, shared
// pages of the files in one pack directory are dropped with MADV_DONTNEED; the data stays in the
// page cache and a later read faults it in again. It touches no other mapping: only files under
// `<git directory>/…/objects/pack/` (the repository's packs and its submodules').
class PackPages {
 public:
  explicit PackPages(std::filesystem::path gitDirectory, std::size_t slackBytes = kDefaultSlack);
  ~PackPages();
  PackPages(const PackPages&) = delete;
  PackPages& operator=(const PackPages&) = delete;

  // Called from libgit2's progress callbacks (once per object and per delta): every kCheckEvery-th
  // call reads /proc/self/statm (~1 µs) and releases when the resident set grew by more than the
  // slack since the last release().
  void releaseIfGrown();
  // Drops the resident pages of every read-only shared mapping of a pack file; returns the bytes of
  // the mappings it advised.
  std::size_t release();

  static constexpr std::size_t kDefaultSlack = 512 * 1024;
  static constexpr unsigned kCheckEvery = 4;

 private:
  std::string prefix_;  // "<canonical git directory>/", as /proc/self/maps names the files
  std::size_t slack_;
  int statm_;  // /proc/self/statm, kept open
  unsigned calls_ = 0;
  std::size_t residentAfterRelease_ = 0;
  bool resolved_ = false;
  void resolvePrefix();
};

// The resident set size of this process in bytes, from /proc/self/statm (`statm`: a descriptor of
// it kept open, or -1 to open it for this call); 0 if unknown.
std::size_t residentBytes(int statm = -1);

}  // namespace kcicd::git
