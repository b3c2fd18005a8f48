// Peak memory of a full clone does not grow with the pack: libgit2 reads the pack it indexes and
// checks out through mmap windows, and every delta it resolves maps 64 KiB of it (fault-around);
// kestra-cicd gives those pages back as it goes (git/PackPages). Without that, this clone's peak is
// ~10 MB above the --version baseline; with it, ~3 MB (git clone's own peak: ~11 MB).
#include <catch2/catch_test_macros.hpp>

#include <random>

#include "CloneSupport.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

constexpr int kCommits = 120;
constexpr std::size_t kBlobBytes = 256 * 1024;

// kCommits commits, each rewriting an incompressible blob and one of 20 small flows, written with
// git fast-import and stored as loose objects: git-upload-pack then sends a ~31 MB pack where each
// commit's trees are deltas 256 KiB away from their bases (a repacked repository keeps delta
// families together, and libgit2 then reads few distinct pages).
void writeHistory(const fs::path& bare) {
  std::mt19937_64 random(7);
  std::string stream;
  for (int i = 1; i <= kCommits; ++i) {
    std::string blob(kBlobBytes, '\0');
    for (auto& c : blob) c = static_cast<char>(random());
    std::string flow = "id: flow_" + std::to_string(i) + "\nnamespace: company.team\ntasks: []\n";
    std::string message = "commit " + std::to_string(i) + "\n";
    stream += "commit refs/heads/main\ncommitter Bench <bench@kestra.invalid> " + std::to_string(1700000000 + i) +
              " +0000\ndata " + std::to_string(message.size()) + "\n" + message;
    stream += "M 100644 inline data.bin\ndata " + std::to_string(blob.size()) + "\n" + blob + "\n";
    stream += "M 100644 inline flows/flow_" + std::to_string(i % 20) + ".yml\ndata " + std::to_string(flow.size()) +
              "\n" + flow + "\n";
  }
  gitOut(bare.parent_path(), {"init", "-q", "--bare", bare.string()});
  RunOptions o;
  o.stdinData = std::move(stream);
  auto r = run({"git", "-C", bare.string(), "fast-import", "--quiet"}, o);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  gitOut(bare, {"symbolic-ref", "HEAD", "refs/heads/main"});
  // Unpack fast-import's pack into loose objects.
  fs::path packs = bare / "objects" / "pack";
  for (const auto& entry : fs::directory_iterator(packs)) {
    if (entry.path().extension() != ".pack") continue;
    RunOptions unpack;
    unpack.stdinData = readFile(entry.path());
    fs::remove_all(packs);
    fs::create_directory(packs);
    REQUIRE(run({"git", "-C", bare.string(), "unpack-objects", "-q"}, unpack).exitCode == 0);
    break;
  }
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;  // ASan's shadow memory and quarantine dwarf the pages this test is about
#elif defined(__has_feature)
constexpr bool kAsan = __has_feature(address_sanitizer);
#else
constexpr bool kAsan = false;
#endif

}  // namespace

TEST_CASE("a full clone's peak RSS does not grow with the pack it resolves", "[git][http][memory]") {
  TempDir tmp;
  fs::create_directories(tmp / "repos");
  fs::create_directories(tmp / "state");
  fs::create_directories(tmp / "wd");
  writeHistory(tmp / "repos" / "history.git");
  HttpGitServer server(tmp / "repos", tmp / "state");

  RunOptions o;
  o.cwd = tmp / "wd";
  o.env = {{"GIT_USERNAME", server.user}, {"GIT_PASSWORD", server.password}};
  o.unsetEnv = {"WORKING_DIR"};
  o.timeout = std::chrono::seconds(120);
  auto r = runCli({"--frames", "never", "git", "clone", server.url("history"), "--directory", "src", "--depth", "0"}, o);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);

  // Everything was read back intact from the pages that were given back.
  CHECK(gitOut(tmp / "wd" / "src", {"rev-list", "--count", "HEAD"}) == std::to_string(kCommits));
  CHECK(run({"git", "-C", (tmp / "wd" / "src").string(), "fsck", "--full", "--no-dangling"}).exitCode == 0);
  CHECK(fs::file_size(tmp / "wd" / "src" / "data.bin") == kBlobBytes);

  long baselineKb = runCli({"--version"}).peakRssKb;
  long allowedMb = kAsan ? 64 : 6;
  INFO("clone peak " << r.peakRssKb / 1024 << " MB, --version " << baselineKb / 1024 << " MB, allowed +"
                     << allowedMb << " MB");
  CHECK(r.peakRssKb > 0);
  CHECK(r.peakRssKb < baselineKb + allowedMb * 1024);
}
