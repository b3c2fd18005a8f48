#include "NamespaceFileTree.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "flow/FlowFiles.h"
#include "pipeline/KestraIgnore.h"
#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKestraIgnore = ".kestraignore";

KestraIgnore readIgnoreFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return KestraIgnore(text);
  } catch (const std::invalid_argument& e) {
    throw CommandError(ExitCode::Failure, "'" + file.string() + "', " + e.what() + "; nothing was sent");
  }
}

std::string linkProblem(const fs::path& file, const fs::path& from) {
  std::error_code ec;
  fs::path target = fs::read_symlink(file, ec);
  fs::path real = fs::canonical(file, ec);
  return "'" + file.string() + "' is a link to '" + target.string() + "'" +
         (ec ? " that cannot be resolved (a loop or a missing target)"
             : " leading to '" + real.string() + "', outside '" + from.string() + "'") +
         ": refused without reading it";
}

}  // namespace

std::string normaliseTarget(const std::string& to) {
  std::string out = "/";
  std::size_t start = 0;
  while (start <= to.size()) {
    std::size_t end = std::min(to.find('/', start), to.size());
    std::string segment = to.substr(start, end - start);
    if (segment == "." || segment == "..")
      throw UsageError("<to> '" + to + "' holds a '" + segment + "' segment; give a path from the namespace root");
    if (!segment.empty()) out += segment + "/";
    start = end + 1;
  }
  return out;
}

std::string remotePathProblem(const std::string& path) {
  if (path == "/_flows" || path.rfind("/_flows/", 0) == 0)
    return "Kestra forbids the path '/_flows' (it imports files there as flows)";
  std::size_t start = 1;
  while (start < path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    if (end - start > 255) return "a name in '" + path + "' is longer than 255 characters, which Kestra refuses";
    start = end + 1;
  }
  return "";
}

LocalNamespaceFiles collectNamespaceFiles(const fs::path& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) throw UsageError("<from> '" + from.string() + "' is not a folder");
  std::string target = normaliseTarget(to);
  LocalNamespaceFiles out;
  KestraIgnore ignore = fs::is_regular_file(from / kKestraIgnore, ec) ? readIgnoreFile(from / kKestraIgnore)
                                                                       : KestraIgnore();
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& file = it->path();
    std::error_code fileEc;  // per file: `ec` is the walk's own
    auto status = it->symlink_status(fileEc);
    std::string rel = file.lexically_relative(from).generic_string();
    if (fs::is_directory(status)) {
      if (ignore.ignores(rel, true)) it.disable_recursion_pending();  // an ignored folder is not read at all
      continue;
    }
    if (rel == kKestraIgnore || ignore.ignores(rel)) continue;
    bool link = fs::is_symlink(status);
    if (link && !flow::isInside(file, from)) {
      out.problems.push_back({file.string(), 0, 0, linkProblem(file, from), "local"});
      continue;
    }
    if (link && fs::is_directory(file, fileEc)) continue;  // not descended, like Files.walk
    if (!fs::is_regular_file(file, fileEc)) {
      out.problems.push_back({file.string(), 0, 0, "is not a regular file (a device, socket or pipe): refused", "local"});
      continue;
    }
    std::string path = target + rel;
    if (auto problem = remotePathProblem(path); !problem.empty()) {
      out.problems.push_back({file.string(), 0, 0, problem, "local"});
      continue;
    }
    auto size = fs::file_size(file, fileEc);
    if (fileEc) {
      out.problems.push_back({file.string(), 0, 0, "cannot be read: " + fileEc.message(), "local"});
      continue;
    }
    out.files.push_back({path, file, size});
  }
  if (ec) throw CommandError(ExitCode::Failure, "cannot read the folder '" + from.string() + "': " + ec.message());
  std::sort(out.files.begin(), out.files.end(),
            [](const LocalNamespaceFile& a, const LocalNamespaceFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace kcicd::pipeline
