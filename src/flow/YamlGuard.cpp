// Checks that run on the raw bytes before yaml-cpp parses them: encoding and flow-collection nesting.
#include <cstring>

#include "YamlLoader.h"
#include "runtime/Hex.h"
#include "runtime/Utf8.h"

namespace kcicd::flow {

namespace {

std::string hexByte(unsigned char c) { return std::string("0x") + hex::digit(c >> 4, true) + hex::digit(c, true); }

YamlIssue issueAt(YamlIssueKind kind, std::string message, std::size_t offset) {
  return YamlIssue(kind, std::move(message), static_cast<std::uint32_t>(offset));
}

}  // namespace

std::optional<YamlIssue> checkEncoding(std::string_view text) {
  auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
  if (starts(std::string_view("\xFF\xFE\x00\x00", 4)) || starts(std::string_view("\x00\x00\xFE\xFF", 4)))
    return YamlIssue{YamlIssueKind::Encoding, "UTF-32 encoded file: a flow must be UTF-8"};
  if (starts("\xFF\xFE") || starts("\xFE\xFF"))
    return YamlIssue{YamlIssueKind::Encoding, "UTF-16 encoded file: a flow must be UTF-8"};
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    return issueAt(YamlIssueKind::Binary,
                   "binary file (NUL byte at offset " + std::to_string(offset) + "): not a YAML flow", offset);
  }
  for (std::size_t i = 0; i < text.size();) {
    // Fast path over ASCII, 8 bytes at a time.
    if (i + 8 <= text.size()) {
      std::uint64_t chunk;
      std::memcpy(&chunk, text.data() + i, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    std::size_t len = utf8::sequenceLength(text, i);
    if (len == 0) {
      return issueAt(YamlIssueKind::Encoding,
                     "invalid UTF-8 (byte " + hexByte(static_cast<unsigned char>(text[i])) +
                         "): a flow must be UTF-8 encoded",
                     i);
    }
    i += len;
  }
  return std::nullopt;
}

// A deliberately small YAML lexer that only tracks where flow collections open and close. It need not be
// exact: it guards yaml-cpp, whose scanner keeps every token of a nested flow collection in memory until the
// outermost one closes (a 10 MB line of `[` costs > 1 GB). It follows quotes, comments and block scalars so
// that brackets in text do not count; in block context a bracket only counts where a node may start.
std::optional<std::uint32_t> findDeepFlowNesting(std::string_view text, std::uint32_t maxDepth) {
  const std::size_t n = text.size();
  std::size_t depth = 0;
  char quote = 0;               // '\'' or '"' while inside a quoted scalar
  long blockScalarOwner = -1;   // skip lines indented deeper than this (block scalar content)
  std::size_t i = 0;
  while (i < n) {
    // One line per iteration.
    std::size_t lineStart = i;
    std::size_t lineEnd = i;
    while (lineEnd < n && text[lineEnd] != '\n') ++lineEnd;
    std::size_t indent = 0;
    while (lineStart + indent < lineEnd && text[lineStart + indent] == ' ') ++indent;
    bool blank = true;
    for (std::size_t k = lineStart + indent; k < lineEnd; ++k)
      if (text[k] != ' ' && text[k] != '\t' && text[k] != '\r') {
        blank = false;
        break;
      }
    if (blockScalarOwner >= 0 && quote == 0) {
      if (blank || static_cast<long>(indent) > blockScalarOwner) {
        i = lineEnd + 1;
        continue;
      }
      blockScalarOwner = -1;
    }
    // Document markers reset the state.
    if (quote == 0 && lineEnd - lineStart >= 3 &&
        (text.compare(lineStart, 3, "---") == 0 || text.compare(lineStart, 3, "...") == 0) &&
        (lineEnd - lineStart == 3 || text[lineStart + 3] == ' ' || text[lineStart + 3] == '\t' ||
         text[lineStart + 3] == '\r')) {
      depth = 0;
      i = lineStart + 3;
    } else {
      i = lineStart;
    }
    bool nodeStart = true;  // a node may start here
    bool afterSpace = true;
    long owner = static_cast<long>(indent);
    for (; i < lineEnd; ++i) {
      char c = text[i];
      if (quote) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (c == quote) {
          if (quote == '\'' && i + 1 < lineEnd && text[i + 1] == '\'')
            ++i;
          else
            quote = 0;
        }
        nodeStart = false;
        afterSpace = false;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        afterSpace = true;
        continue;
      }
      if (c == '#' && afterSpace) break;  // comment
      bool flow = depth > 0;
      auto blankAfter = [&](std::size_t k) {
        return k + 1 >= lineEnd || text[k + 1] == ' ' || text[k + 1] == '\t' || text[k + 1] == '\r';
      };
      if (c == '[' || c == '{') {
        if (flow || nodeStart) {
          if (++depth > maxDepth) return static_cast<std::uint32_t>(i);
          nodeStart = true;
          afterSpace = false;
          continue;
        }
      } else if (flow && (c == ']' || c == '}')) {
        --depth;
        nodeStart = false;
        afterSpace = false;
        continue;
      } else if (flow && c == ',') {
        nodeStart = true;
        afterSpace = false;
        continue;
      } else if (c == ':' && (flow || blankAfter(i))) {
        nodeStart = true;
        afterSpace = false;
        continue;
      } else if ((c == '-' || c == '?') && nodeStart && blankAfter(i)) {
        owner = static_cast<long>(i - lineStart);
        afterSpace = false;
        continue;
      } else if ((c == '\'' || c == '"') && nodeStart) {
        quote = c;
        if (!flow) owner = static_cast<long>(i - lineStart);
        nodeStart = false;
        afterSpace = false;
        continue;
      } else if ((c == '&' || c == '!') && nodeStart) {
        while (i + 1 < lineEnd && text[i + 1] != ' ' && text[i + 1] != '\t') ++i;  // anchor or tag
        afterSpace = false;
        continue;
      } else if ((c == '|' || c == '>') && nodeStart && !flow) {
        blockScalarOwner = owner;
        break;  // the rest of the line is the block scalar header
      }
      if (nodeStart && !flow) owner = static_cast<long>(i - lineStart);
      nodeStart = false;
      afterSpace = false;
    }
    i = lineEnd + 1;
  }
  return std::nullopt;
}

}  // namespace kcicd::flow
