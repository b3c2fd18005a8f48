#include "NamespaceRewrite.h"

namespace kcicd::flow {

namespace {

// [begin, end) of the scalar after "namespace:" on `line`, or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> valueSpan(std::string_view line) {
  constexpr std::string_view key = "namespace";
  if (line.substr(0, key.size()) != key) return std::nullopt;
  std::size_t pos = line.find_first_not_of(" \t", key.size());
  if (pos == std::string_view::npos || line[pos] != ':') return std::nullopt;
  ++pos;
  if (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') return std::nullopt;
  std::size_t begin = line.find_first_not_of(" \t", pos);
  if (begin == std::string_view::npos || line[begin] == '#') return std::nullopt;
  char quote = line[begin];
  if (quote == '"' || quote == '\'') {
    std::size_t close = line.find(quote, begin + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::make_pair(begin, close + 1);
  }
  if (quote == '|' || quote == '>' || quote == '&' || quote == '*' || quote == '!' || quote == '[' || quote == '{')
    return std::nullopt;
  std::size_t comment = line.find(" #", begin);
  std::size_t end = comment == std::string_view::npos ? line.size() : comment;
  while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  return std::make_pair(begin, end);
}

}  // namespace

std::optional<std::string> rewriteNamespace(std::string_view document, std::string_view ns) {
  for (std::size_t pos = 0; pos < document.size();) {
    std::size_t end = document.find('\n', pos);
    if (end == std::string_view::npos) end = document.size();
    std::string_view line = document.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto span = valueSpan(line)) {
      std::string out(document.substr(0, pos + span->first));
      out += ns;
      out += document.substr(pos + span->second);
      return out;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace kcicd::flow
