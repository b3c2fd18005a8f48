#include "YamlDocuments.h"

namespace kcicd::flow {

namespace {

bool isMarker(std::string_view line) {
  if (line.substr(0, 3) != "---" && line.substr(0, 3) != "...") return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

// Only blank lines and comments (and the rest of a marker line such as "--- # note").
bool isBlank(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') return false;
    pos = end + 1;
  }
  return true;
}

}  // namespace

std::vector<DocumentText> splitYamlDocuments(std::string_view file) {
  std::vector<DocumentText> documents;
  std::size_t start = 0, startLine = 1, pos = 0, line = 1;
  auto close = [&](std::size_t end) {
    std::string_view text = file.substr(start, end - start);
    if (!isBlank(text)) documents.push_back({std::string(text), startLine});
  };
  while (pos < file.size()) {
    std::size_t end = file.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? file.size() : end + 1;
    if (isMarker(file.substr(pos, next - pos - (end == std::string_view::npos ? 0 : 1)))) {
      close(pos);
      // A "---" marker may carry content on its own line ("--- # comment"): that content opens the next
      // document; "..." ends a document and starts nothing.
      bool content = file.substr(pos, 3) == "---" && !isBlank(file.substr(pos + 3, next - pos - 3));
      start = content ? pos + 4 : next;
      startLine = content ? line : line + 1;
    }
    pos = next;
    ++line;
  }
  close(file.size());
  return documents;
}

std::size_t lineCutByValidate(std::string_view document) {
  std::size_t line = 1;
  for (std::size_t pos = 0; pos < document.size(); ++line) {
    if (document.substr(pos, 3) == "---") return line;
    std::size_t end = document.find('\n', pos);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return 0;
}

}  // namespace kcicd::flow
