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

std::string githubAnnotation(std::string_view level, std::string_view file, std::string_view message) {
  std::string line = "::" + std::string(level);
  if (!file.empty()) line += " file=" + escape(file, true);
  return line + "::" + escape(message, false);
}

}  // namespace kcicd::cli
