#include "NamespaceFileTree.h"

#include <algorithm>
#include <fstream>

#include "flow/FlowFiles.h"
#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKestraIgnore = ".kestraignore";

// True when the file holds a pattern (a line neither blank nor a # comment, gitignore syntax).
bool hasPatterns(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(" \t\r");
    if (start != std::string::npos && line[start] != '#') return true;
  }
  return false;
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
  fs::path ignore = from / kKestraIgnore;
  if (fs::is_regular_file(ignore, ec) && hasPatterns(ignore))
    out.problems.push_back({ignore.string(), 0, 0,
                            "holds patterns; kestra-cicd does not apply .kestraignore rules yet: move the ignored "
                            "files out of the folder and empty the file",
                            "local"});
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& file = it->path();
    std::error_code fileEc;  // per file: `ec` is the walk's own
    auto status = it->symlink_status(fileEc);
    if (fs::is_directory(status)) continue;
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
    fs::path rel = file.lexically_relative(from);
    if (rel == kKestraIgnore) continue;
    std::string path = target + rel.generic_string();
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
