#pragma once
#include <string>

namespace kcicd {

// "kestra-cicd 0.1.0 (libgit2 1.8.4, yaml-cpp, Poco)": what `--version` prints.
std::string versionString();
inline constexpr const char* kVersion = KCICD_VERSION;

}  // namespace kcicd
