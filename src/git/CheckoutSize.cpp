#include "CheckoutSize.h"

#include <memory>

#include "Libgit2.h"
#include "runtime/Errors.h"

namespace kcicd::git {
namespace {

struct Walk {
  git_odb* odb;
  std::uint64_t total = 0;
  std::uint64_t stopAbove;
  int error = 0;
};

int addBlob(const char*, const git_tree_entry* entry, void* payload) {
  Walk& walk = *static_cast<Walk*>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;  // trees are walked, submodules not written
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  walk.error = git_odb_read_header(&size, &type, walk.odb, git_tree_entry_id(entry));
  if (walk.error < 0) return -1;
  walk.total += size;
  return walk.total > walk.stopAbove ? GIT_EUSER : 0;  // negative stops the walk (positive would skip a subtree)
}

}  // namespace

std::uint64_t checkoutBytes(git_repository* repo, const git_tree* tree, std::uint64_t stopAbove) {
  git_odb* rawOdb = nullptr;
  if (git_repository_odb(&rawOdb, repo) < 0)
    throw CommandError(ExitCode::Failure, "open the object database: " + lastErrorMessage());
  std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>> odb(rawOdb);
  Walk walk{odb.get(), 0, stopAbove};
  int rc = git_tree_walk(tree, GIT_TREEWALK_PRE, addBlob, &walk);
  if (walk.error < 0 || (rc < 0 && walk.total <= stopAbove))
    throw CommandError(ExitCode::Failure, "read the sizes of the files to check out: " + lastErrorMessage());
  return walk.total;
}

}  // namespace kcicd::git
