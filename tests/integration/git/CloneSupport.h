#pragma once
// Shared by the clone integration tests: the test repository and Kestra frame parsing.
#include <nlohmann/json.hpp>
#include <sstream>

#include "../../unit/git/TestRepo.h"
#include "GitServers.h"

namespace kcicd::test {

// Every `::{json}::` frame printed on stdout, parsed.
inline std::vector<nlohmann::json> frames(const std::string& out) {
  std::vector<nlohmann::json> result;
  std::stringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (line.size() > 4 && line.rfind("::{", 0) == 0 && line.substr(line.size() - 2) == "::")
      result.push_back(nlohmann::json::parse(line.substr(2, line.size() - 4)));
  return result;
}

inline nlohmann::json outputsOf(const std::string& out) {
  for (const auto& f : frames(out))
    if (f.contains("outputs")) return f["outputs"];
  return nullptr;
}

inline std::vector<std::string> logMessages(const std::string& out, const std::string& level) {
  std::vector<std::string> messages;
  for (const auto& f : frames(out))
    if (f.contains("logs"))
      for (const auto& l : f["logs"])
        if (l["level"] == level) messages.push_back(l["message"]);
  return messages;
}

inline size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace kcicd::test
