#include "KestraIgnore.h"

#include <stdexcept>

namespace kcicd::pipeline {

namespace {

// The regex of one gitignore pattern body (no `!`, no trailing `/`), over a path relative to the folder.
std::string toRegex(std::string_view body) {
  bool anchored = body.find('/') != std::string_view::npos;
  if (!body.empty() && body.front() == '/') body.remove_prefix(1);
  std::string out = anchored ? "^" : "^(?:.*/)?";
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (body.compare(i, 3, "**/") == 0 && (i == 0 || body[i - 1] == '/')) {
      out += "(?:.*/)?";
      i += 2;
    } else if (body.compare(i, 2, "**") == 0 && i + 2 == body.size() && i > 0 && body[i - 1] == '/') {
      out += ".*";
      ++i;
    } else if (c == '*') {
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '[' && body.find(']', i + 1) != std::string_view::npos) {
      std::size_t end = body.find(']', i + 1);
      std::string set(body.substr(i + 1, end - i - 1));
      if (!set.empty() && set.front() == '!') set.front() = '^';
      out += "[" + set + "]";
      i = end;
    } else if (c == '\\' && i + 1 < body.size()) {
      out += '\\';
      out += body[++i];
    } else {
      if (std::string_view(".^$|()+{}[]\\").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out + "$";
}

}  // namespace

KestraIgnore::KestraIgnore(std::string_view text) {
  std::size_t start = 0, number = 0;
  while (start < text.size()) {
    ++number;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ' && !(line.size() > 1 && line[line.size() - 2] == '\\')) line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    Rule rule;
    if (line.front() == '!') {
      rule.negated = true;
      line.erase(0, 1);
    }
    if (!line.empty() && line.back() == '/') {
      rule.foldersOnly = true;
      line.pop_back();
    }
    if (line.empty()) continue;
    try {
      rule.pattern = std::regex(toRegex(line));
    } catch (const std::regex_error& e) {  // `[z-a]`: a set std::regex refuses
      throw std::invalid_argument("line " + std::to_string(number) + ": cannot read the pattern '" + line +
                                  "' (" + e.what() + ")");
    }
    rules_.push_back(std::move(rule));
  }
}

int KestraIgnore::verdict(const std::string& path, bool folder) const {
  int result = -1;
  for (const auto& rule : rules_)
    if ((folder || !rule.foldersOnly) && std::regex_match(path, rule.pattern)) result = rule.negated ? 0 : 1;
  return result;
}

bool KestraIgnore::ignores(const std::string& path, bool folder) const {
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (verdict(path.substr(0, slash), true) == 1) return true;
  return verdict(path, folder) == 1;
}

}  // namespace kcicd::pipeline
