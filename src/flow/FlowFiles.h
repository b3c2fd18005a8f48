#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace kcicd::flow {

// Collects flow files the way the Kestra CLI does (AbstractValidateCommand: Files.walk + isRegularFile +
// YamlParser.isValidExtension, ../shared/reference/cli-and-api.md §1.2), with a stable order:
// - a path that is a file is taken as is when it ends in .yml or .yaml;
// - a directory is walked recursively; regular files ending in .yml/.yaml (case-sensitive, like Kestra)
//   are kept, hidden files and folders included, except `.git` folders;
// - symlinks to files are followed (Files.isRegularFile follows links), symlinks to folders are not
//   descended, so a link loop cannot occur;
// - the result is sorted by path (byte order) and free of duplicates.
// Throws UsageError when a path does not exist, CommandError(Failure) with Kestra's text
// "No flow found in '<absolute path>'" when a path yields no file, and UsageError past `maxFiles`.
std::vector<std::filesystem::path> collectFlowFiles(const std::vector<std::filesystem::path>& paths,
                                                    std::size_t maxFiles = 100000);

bool hasFlowExtension(const std::filesystem::path& path);

}  // namespace kcicd::flow
