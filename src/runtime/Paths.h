#pragma once
#include <filesystem>
#include <string>

namespace kcicd {

// Resolves `path` against `base` and refuses any result outside `base` (after normalising `..` and
// following existing symlinks). Throws UsageError naming `what` (e.g. "--directory").
std::filesystem::path insideDirectory(const std::filesystem::path& base, const std::filesystem::path& path,
                                      const std::string& what);

}  // namespace kcicd
