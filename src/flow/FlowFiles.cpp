#include "FlowFiles.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "runtime/Errors.h"

namespace kcicd::flow {

namespace fs = std::filesystem;

bool hasFlowExtension(const fs::path& path) {
  auto ext = path.extension().string();
  return ext == ".yml" || ext == ".yaml";
}

namespace {

void add(std::set<fs::path>& out, const fs::path& file, std::size_t maxFiles, std::size_t& found) {
  ++found;
  out.insert(file.lexically_normal());
  if (out.size() > maxFiles)
    throw UsageError("more than " + std::to_string(maxFiles) + " flow files (limit: --max-files)");
}

// Refuses `file` (found under a folder) when its real path is not inside `boundary`.
void checkInside(const fs::path& file, const fs::path& boundary) {
  if (isInside(file, boundary)) return;
  std::error_code ec;
  fs::path target = fs::is_symlink(fs::symlink_status(file, ec)) ? fs::read_symlink(file, ec) : fs::path();
  std::string link = target.empty() ? "" : " (a link to '" + target.string() + "')";
  fs::path real = fs::canonical(file, ec);
  throw UnsafeFlowPath("flow file '" + file.string() + "'" + link +
                       (ec ? " cannot be resolved (a link loop or a missing target)"
                           : " leads to '" + real.string() + "', outside '" + boundary.string() + "'") +
                       ": refused without reading it");
}

}  // namespace

bool isInside(const fs::path& path, const fs::path& boundary) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) return false;
  fs::path limit = fs::canonical(boundary, ec);
  if (ec) return false;
  auto rel = real.lexically_relative(limit);
  return !rel.empty() && *rel.begin() != "..";
}

std::vector<fs::path> collectFlowFiles(const std::vector<fs::path>& paths, std::size_t maxFiles,
                                       const fs::path& boundary) {
  std::set<fs::path> files;
  for (const auto& root : paths) {
    std::error_code ec;
    auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) throw UsageError("path '" + root.string() + "' does not exist");
    std::size_t found = 0;
    if (fs::is_regular_file(status)) {
      if (!boundary.empty() && hasFlowExtension(root)) checkInside(root, boundary);
      if (hasFlowExtension(root)) add(files, root, maxFiles, found);
    } else if (fs::is_directory(status)) {
      fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
      if (ec) throw UsageError("cannot read directory '" + root.string() + "': " + ec.message());
      for (; it != end; it.increment(ec)) {
        if (ec) throw UsageError("cannot read '" + it->path().string() + "': " + ec.message());
        const auto& entry = *it;
        if (entry.is_directory(ec) && !entry.is_symlink(ec) && entry.path().filename() == ".git") {
          it.disable_recursion_pending();
          continue;
        }
        if (!hasFlowExtension(entry.path())) continue;
        if (entry.is_symlink(ec) || !boundary.empty()) checkInside(entry.path(), boundary.empty() ? root : boundary);
        if (entry.is_regular_file(ec)) add(files, entry.path(), maxFiles, found);
      }
    }
    if (found == 0) {
      throw NoFlowFound("No flow found in '" + fs::absolute(root).lexically_normal().string() + "'");
    }
  }
  return {files.begin(), files.end()};
}

FlowFileText readFlowFile(const fs::path& path, std::uint64_t maxBytes) {
  FlowFileText result;
  auto refuse = [&](FlowFileText::Status status, std::string problem) {
    result.status = status;
    result.text.clear();
    result.problem = std::move(problem);
    return result;
  };
  auto tooLarge = [&](const std::string& size) {
    return refuse(FlowFileText::Status::TooLarge, "file too large (" + size + ", --max-file-size)");
  };
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > maxBytes)
    return tooLarge(std::to_string(size) + " bytes; the limit is " + std::to_string(maxBytes) + " bytes");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return refuse(FlowFileText::Status::Unreadable, std::strerror(errno));
  if (!ec) result.text.reserve(static_cast<std::size_t>(size));
  char chunk[65536];
  for (;;) {
    std::size_t got = std::fread(chunk, 1, sizeof chunk, f);
    result.text.append(chunk, got);
    if (result.text.size() > maxBytes) {  // grew while reading, or not a plain file
      std::fclose(f);
      return tooLarge("more than " + std::to_string(maxBytes) + " bytes");
    }
    if (got < sizeof chunk) break;
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return refuse(FlowFileText::Status::Unreadable, "read error");
  return result;
}

}  // namespace kcicd::flow
