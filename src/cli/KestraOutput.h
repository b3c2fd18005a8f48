#pragma once
#include <string>
#include <string_view>

namespace kcicd::cli {

// A GitHub Actions workflow command: "::error file=<file>::<message>", values escaped as GitHub requires
// (%, CR, LF in the message; also ':' and ',' in properties).
std::string githubAnnotation(std::string_view level, std::string_view file, std::string_view message);

}  // namespace kcicd::cli
