#pragma once
#include <string>
#include <string_view>

#include "runtime/Frame.h"

namespace kcicd::cli {

// Where a GitHub annotation points, and its title: all optional.
struct GithubLocation {
  std::string_view file;
  std::size_t line = 0, col = 0;
  std::string_view title;
};

// A GitHub Actions workflow command: "::error file=<file>,line=<n>,col=<n>,title=<t>::<message>", values
// escaped as GitHub requires (%, CR, LF in the message; also ':' and ',' in properties).
std::string githubAnnotation(std::string_view level, const GithubLocation& where, std::string_view message);
std::string githubAnnotation(std::string_view level, std::string_view file, std::string_view message);

// The closing notice of every command that reports flows in --format github, from its JSON summary
// ({valid, invalid, files}): "::notice title=kestra-cicd::2 valid, 1 invalid flow(s) in 3 file(s)".
// "N valid, M invalid flow(s) in F file(s)" from a report's summary; the text summary line and the notice.
std::string summaryText(const Json& summary);
std::string githubSummary(const Json& summary);

}  // namespace kcicd::cli
