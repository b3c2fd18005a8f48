#pragma once
// Kestra's own files — its test flows (the conformance corpus) and reference vectors — are not part of this
// repository (what it contains, we wrote). Tests that check against them read their folders from
// environment variables, which .ci/run sets; without them such a test is skipped, naming the variable.
//   KCICD_KESTRA_FLOWS_DIR      Kestra's test flows: manifest.json, valids/, invalids/…
//   KCICD_KESTRA_REFERENCE_DIR  reference vectors, e.g. frames-kestra-libs.txt
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch_test_macros.hpp>

namespace kcicd::test {

// The folder named by `variable`; SKIPs the running test when it is unset or not a folder.
inline std::filesystem::path kestraFilesOrSkip(const char* variable) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0')
    SKIP(std::string("skipped: ") + variable + " is unset (Kestra's own files are not in this repository; .ci/run sets it)");
  std::filesystem::path dir(value);
  if (!std::filesystem::is_directory(dir))
    SKIP(std::string("skipped: ") + variable + "='" + value + "' is not a folder");
  return dir;
}

inline std::filesystem::path kestraFlowsDir() { return kestraFilesOrSkip("KCICD_KESTRA_FLOWS_DIR"); }
inline std::filesystem::path kestraReferenceDir() { return kestraFilesOrSkip("KCICD_KESTRA_REFERENCE_DIR"); }

}  // namespace kcicd::test
