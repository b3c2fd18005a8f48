#include "Paths.h"

#include "Errors.h"

namespace kcicd {

std::filesystem::path insideDirectory(const std::filesystem::path& base, const std::filesystem::path& path,
                                      const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::absolute(base), ec);
  if (ec) throw UsageError(what + ": cannot resolve working directory '" + base.string() + "'");
  fs::path target = fs::weakly_canonical(path.is_absolute() ? path : root / path, ec);
  if (ec) throw UsageError(what + ": cannot resolve '" + path.string() + "'");
  auto rel = target.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
    throw UsageError(what + ": '" + path.string() + "' is outside the working directory '" + root.string() + "'");
  }
  return target;
}

}  // namespace kcicd
