#pragma once
#include <git2.h>

#include <cstdint>

namespace kcicd::git {

// The bytes a checkout of `tree` writes: the sizes of its blobs (files and symbolic links, a blob
// at two paths counted twice), read from the object headers in the repository's object database,
// so a compressed blob is never inflated. A pack is no measure of this: a 1 GiB blob of zeros
// travels as ~1 MB. Stops counting once the sum passes `stopAbove` (then returns that partial sum,
// already more than `stopAbove`). Throws CommandError(Failure) when an object cannot be read.
std::uint64_t checkoutBytes(git_repository* repo, const git_tree* tree, std::uint64_t stopAbove);

}  // namespace kcicd::git
