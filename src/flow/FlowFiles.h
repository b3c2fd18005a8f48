#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/Errors.h"

namespace kcicd::flow {

// Collects flow files the way the Kestra CLI does (AbstractValidateCommand: Files.walk + isRegularFile +
// YamlParser.isValidExtension, docs/kestra-flow-api.md §1), with a stable order:
// - a path that is a file is taken as is when it ends in .yml or .yaml;
// - a directory is walked recursively; regular files ending in .yml/.yaml (case-sensitive, like Kestra)
//   are kept, hidden files and folders included, except `.git` folders;
// - symlinks to files are followed (Files.isRegularFile follows links), symlinks to folders are not
//   descended, so a link loop cannot occur;
// - the result is sorted by path (byte order) and free of duplicates.
// - a file whose real path leaves `boundary` (by default the folder given; deploy gives the repository)
//   is refused without being read, naming the link and its target (UnsafeFlowPath), and so is a link
//   that cannot be resolved (a loop): a repository is not always trusted, and a link to
//   /proc/self/environ or a file outside would otherwise be read, echoed in errors, even deployed.
//   A file named directly on the command line is the user's choice and is not checked.
// Throws UsageError when a path does not exist, NoFlowFound with Kestra's text "No flow found in
// '<absolute path>'" when a path yields no file, and UsageError past `maxFiles`.
std::vector<std::filesystem::path> collectFlowFiles(const std::vector<std::filesystem::path>& paths,
                                                    std::size_t maxFiles = 100000,
                                                    const std::filesystem::path& boundary = {});

class NoFlowFound : public CommandError {
 public:
  explicit NoFlowFound(const std::string& message) : CommandError(ExitCode::Failure, message) {}
};

class UnsafeFlowPath : public CommandError {
 public:
  explicit UnsafeFlowPath(const std::string& message) : CommandError(ExitCode::Failure, message) {}
};

// `path` resolves (links followed) to a place inside `boundary`; false also when it cannot be resolved.
bool isInside(const std::filesystem::path& path, const std::filesystem::path& boundary);

bool hasFlowExtension(const std::filesystem::path& path);

inline constexpr std::uint64_t kDefaultMaxFileBytes = 10ull * 1024 * 1024;  // --max-file-size

// A flow file's bytes, read with a size limit: a larger file is refused on its size before it is read,
// and a file that grows past the limit (or a pipe) while being read is refused then.
struct FlowFileText {
  enum class Status { Ok, TooLarge, Unreadable };
  Status status = Status::Ok;
  std::string text;     // Ok
  std::string problem;  // TooLarge, Unreadable: "file too large (…, --max-file-size)", strerror…
};
FlowFileText readFlowFile(const std::filesystem::path& path, std::uint64_t maxBytes = kDefaultMaxFileBytes);

}  // namespace kcicd::flow
