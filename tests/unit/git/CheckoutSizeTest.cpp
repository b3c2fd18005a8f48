// checkoutBytes: the sizes of the blobs a checkout writes, read from object headers.
#include <catch2/catch_test_macros.hpp>

#include "TestRepo.h"
#include "git/CheckoutSize.h"
#include "git/Libgit2.h"

using namespace kcicd;
using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

// A work tree of 1000 + 2000 bytes in two folders, the 1000-byte content at a second path too, and a
// symbolic link (its target, 8 bytes, is its blob).
struct SizedRepo {
  TempDir tmp;
  fs::path work = tmp / "work";
  std::uint64_t total = 1000 + 2000 + 1000 + 8;

  SizedRepo() {
    fs::create_directories(work / "flows" / "nested");
    writeFile(work / "flows" / "a.yml", std::string(1000, 'a'));
    writeFile(work / "flows" / "nested" / "b.bin", std::string(2000, 'b'));
    writeFile(work / "copy.yml", std::string(1000, 'a'));
    fs::create_symlink("flows/aa", work / "link");
    commitWorkTree(work, "sized");
  }
};

std::uint64_t headCheckoutBytes(const fs::path& work, std::uint64_t stopAbove) {
  git::Libgit2 library;
  git_repository* rawRepo = nullptr;
  REQUIRE(git_repository_open(&rawRepo, work.c_str()) == 0);
  git::Repository repo(rawRepo);
  git_object* rawTree = nullptr;
  REQUIRE(git_revparse_single(&rawTree, repo.get(), "HEAD^{tree}") == 0);
  git::Object tree(rawTree);
  return git::checkoutBytes(repo.get(), reinterpret_cast<git_tree*>(tree.get()), stopAbove);
}

}  // namespace

TEST_CASE("checkoutBytes sums every blob of the tree, a content at two paths twice", "[git][size]") {
  SizedRepo repo;
  CHECK(headCheckoutBytes(repo.work, 1u << 30) == repo.total);
  CHECK(headCheckoutBytes(repo.work, repo.total) == repo.total);  // at the limit: counted to the end
}

TEST_CASE("checkoutBytes stops once the sum passes the limit", "[git][size]") {
  SizedRepo repo;
  std::uint64_t bytes = headCheckoutBytes(repo.work, 1500);
  CHECK(bytes > 1500);
  CHECK(bytes < repo.total);
}
