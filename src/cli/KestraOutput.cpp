#include "KestraOutput.h"

namespace kcicd::cli {

namespace {
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}
}  // namespace

std::string githubAnnotation(std::string_view level, const GithubLocation& where, std::string_view message) {
  std::string properties;
  auto add = [&](const std::string& property) { properties += (properties.empty() ? " " : ",") + property; };
  if (!where.file.empty()) add("file=" + escape(where.file, true));
  if (where.line) add("line=" + std::to_string(where.line));
  if (where.col) add("col=" + std::to_string(where.col));
  if (!where.title.empty()) add("title=" + escape(where.title, true));
  return "::" + std::string(level) + properties + "::" + escape(message, false);
}

std::string githubAnnotation(std::string_view level, std::string_view file, std::string_view message) {
  return githubAnnotation(level, GithubLocation{file, 0, 0, {}}, message);
}

std::string summaryText(const Json& summary) {
  auto count = [&](const char* key) { return std::to_string(summary.value(key, 0)); };
  return count("valid") + " valid, " + count("invalid") + " invalid flow(s) in " + count("files") + " file(s)";
}

std::string githubSummary(const Json& summary) {
  return githubAnnotation("notice", GithubLocation{{}, 0, 0, "kestra-cicd"}, summaryText(summary));
}

}  // namespace kcicd::cli
