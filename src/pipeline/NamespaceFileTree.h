#pragma once
// The local side of `namespace files update`: which files of a folder go to which namespace-file path,
// following the JVM CLI's NamespaceFilesUpdateCommand (kestra-io/kestra cli/.../namespaces/files/, 1.x):
// every regular file under the folder, hidden files and folders included, goes to <to> + its relative path;
// <to> gets a leading and a trailing "/" ("/" by default); the folder's own `.kestraignore` is not sent
// (core/.../utils/KestraIgnore.java isIgnoredFile(path, true), 1.x; 0.21 left out every file of that name), and
// the files its patterns name are left out (pipeline/KestraIgnore.h).
// Unlike the JVM CLI, what the server would refuse or misread is refused here first, naming the file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/FlowProblem.h"

namespace kcicd::pipeline {

struct LocalNamespaceFile {
  std::string path;           // on the server: "/to/rel/path"
  std::filesystem::path file;  // on disk
  std::uint64_t size = 0;
};

struct LocalNamespaceFiles {
  std::vector<LocalNamespaceFile> files;  // sorted by path
  std::vector<FlowProblem> problems;      // non-empty: nothing is to be sent
};

// "/" + to + "/" without doubled slashes; throws UsageError naming <to> for a "." or ".." segment.
std::string normaliseTarget(const std::string& to);

// Why Kestra would not store `path` as a plain file, or "" (NamespaceFileController, commit 0a46f3b4):
// /_flows is forbidden (a file there is imported as a flow), a name component is at most 255 characters.
std::string remotePathProblem(const std::string& path);

// Walks `from` (a folder). A link is followed when it leads to a regular file inside `from` (Kestra's
// Files.isRegularFile follows links too) and refused, naming the link and its target, when it leads out of
// it or cannot be resolved; linked folders are not descended (Files.walk does not follow them). Other
// special files are refused. Throws UsageError when `from` is not a folder.
LocalNamespaceFiles collectNamespaceFiles(const std::filesystem::path& from, const std::string& to);

}  // namespace kcicd::pipeline
