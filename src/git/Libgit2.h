#pragma once
#include <git2.h>

#include <memory>
#include <string>

namespace kcicd::git {

// libgit2 initialised for the lifetime of the object (git_libgit2_init is reference counted), tuned
// for a small memory footprint (Libgit2.cpp).
class Libgit2 {
 public:
  Libgit2();
  ~Libgit2() { git_libgit2_shutdown(); }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Repository = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using Remote = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using Object = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using Reference = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using Commit = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;

// libgit2's last error message ("" when none), for messages.
inline std::string lastErrorMessage() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "";
}
inline int lastErrorClass() {
  const git_error* e = git_error_last();
  return e ? e->klass : 0;
}

}  // namespace kcicd::git
