// PackPages: the resident pages of mapped pack files go back to the page cache; every other mapping,
// and every byte of data, stays as it was.
#include <catch2/catch_test_macros.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>

#include "Process.h"
#include "git/PackPages.h"

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSize = 4 * 1024 * 1024;

std::string pattern(char seed) {
  std::string data(kSize, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(seed + i * 131 % 251);
  return data;
}

// A read-only shared mapping of a file, every page read once (resident), as libgit2's pack windows.
class Mapped {
 public:
  explicit Mapped(const fs::path& file) {
    int fd = open(file.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    data_ = static_cast<const char*>(mmap(nullptr, kSize, PROT_READ, MAP_SHARED, fd, 0));
    close(fd);
    REQUIRE(data_ != MAP_FAILED);
    touch();
  }
  ~Mapped() { munmap(const_cast<char*>(data_), kSize); }
  std::string copy() const { return std::string(data_, kSize); }
  void touch() const {
    volatile char sink = 0;
    for (std::size_t i = 0; i < kSize; i += 4096) sink = sink + data_[i];
  }
  const void* address() const { return data_; }

 private:
  const char* data_ = nullptr;
};

// Resident KiB of the mapping that starts at `address` (/proc/self/smaps).
long residentKb(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t start = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &start, &end) == 2) {  // a mapping's first line
      inside = start == reinterpret_cast<std::uintptr_t>(address);
      continue;
    }
    if (inside && line.rfind("Rss:", 0) == 0) return std::stol(line.substr(4));
  }
  FAIL("no mapping at the address");
  return -1;
}

struct Repository {
  kcicd::test::TempDir dir;
  fs::path git = dir / ".git";
  fs::path pack = git / "objects" / "pack" / "pack-1.pack";
  fs::path submodulePack = git / "modules" / "lib" / "objects" / "pack" / "pack-2.pack";
  fs::path index = git / "index";
  fs::path outside = dir / "data.bin";
  Repository() {
    for (const auto& file : {pack, submodulePack, index, outside}) {
      fs::create_directories(file.parent_path());
      kcicd::test::writeFile(file, pattern(static_cast<char>(file.string().size())));
    }
  }
};

}  // namespace

TEST_CASE("PackPages drops the resident pages of the repository's and its submodules' packs", "[git][memory]") {
  Repository repo;
  Mapped pack(repo.pack), submodulePack(repo.submodulePack), index(repo.index), outside(repo.outside);
  std::string before = pack.copy();
  REQUIRE(residentKb(pack.address()) >= 4000);

  kcicd::git::PackPages pages(repo.git);
  CHECK(pages.release() == 2 * kSize);

  CHECK(residentKb(pack.address()) == 0);
  CHECK(residentKb(submodulePack.address()) == 0);
  // Files of the repository that are not packs, and files outside it, keep their pages.
  CHECK(residentKb(index.address()) >= 4000);
  CHECK(residentKb(outside.address()) >= 4000);
  // The data is read back from the page cache, unchanged.
  CHECK(pack.copy() == before);
  CHECK(residentKb(pack.address()) >= 4000);
}

TEST_CASE("PackPages never touches private or anonymous memory", "[git][memory]") {
  Repository repo;
  // A private (copy-on-write) mapping of a pack, written to: dropping it would lose the write.
  int fd = open(repo.pack.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  auto* priv = static_cast<char*>(mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
  close(fd);
  REQUIRE(priv != MAP_FAILED);
  priv[0] = 'X';
  std::string heap = pattern('h');

  kcicd::git::PackPages pages(repo.git);
  CHECK(pages.release() == 0);
  CHECK(priv[0] == 'X');
  CHECK(heap == pattern('h'));
  munmap(priv, kSize);
}

TEST_CASE("PackPages finds the packs through a symbolic link to the repository", "[git][memory]") {
  Repository repo;
  kcicd::test::TempDir links;
  fs::create_directory_symlink(repo.dir.path(), links / "repo");
  Mapped pack(repo.pack);
  kcicd::git::PackPages pages(links / "repo" / ".git");
  CHECK(pages.release() == kSize);
  CHECK(residentKb(pack.address()) == 0);
}

TEST_CASE("PackPages releases only after the resident set grew by more than the slack", "[git][memory]") {
  using kcicd::git::PackPages;
  Repository repo;
  Mapped pack(repo.pack);
  auto callbacks = [](PackPages& pages, unsigned n) {
    for (unsigned i = 0; i < n; ++i) pages.releaseIfGrown();
  };

  PackPages patient(repo.git, std::size_t{1} << 40);
  callbacks(patient, 2 * PackPages::kCheckEvery);
  CHECK(residentKb(pack.address()) >= 4000);

  // The resident set is read on every kCheckEvery-th callback only.
  PackPages eager(repo.git, 0);
  callbacks(eager, PackPages::kCheckEvery - 1);
  CHECK(residentKb(pack.address()) >= 4000);
  callbacks(eager, 1);
  CHECK(residentKb(pack.address()) == 0);

  // Measured from the last release: 4 MiB read again is within a 64 MiB slack.
  PackPages slack(repo.git, 64 * 1024 * 1024);
  slack.release();
  pack.touch();
  callbacks(slack, PackPages::kCheckEvery);
  CHECK(residentKb(pack.address()) >= 4000);
}

TEST_CASE("PackPages does nothing before the git directory exists", "[git][memory]") {
  kcicd::test::TempDir dir;
  kcicd::git::PackPages pages(dir / "not-yet" / ".git");
  CHECK(pages.release() == 0);
  CHECK(kcicd::git::residentBytes() > 0);
}
