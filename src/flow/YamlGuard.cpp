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

namespace {

// A deliberately small YAML lexer that only tracks where flow collections open and close. It need not be
// exact: it guards yaml-cpp, whose scanner keeps every token of a nested flow collection in memory until the
// outermost one closes (a 10 MB line of `[` costs > 1 GB). It follows quotes, comments and block scalars so
// that brackets in text do not count; in block context a bracket only counts where a node may start.
class NestingScanner {
 public:
  NestingScanner(std::string_view text, std::uint32_t maxDepth) : text_(text), maxDepth_(maxDepth) {}

  // The offset of the first bracket past the limit.
  std::optional<std::uint32_t> run() {
    const std::size_t n = text_.size();
    for (std::size_t i = 0; i < n;) {
      std::size_t lineStart = i;
      std::size_t lineEnd = i;
      while (lineEnd < n && text_[lineEnd] != '\n') ++lineEnd;
      std::size_t indent = 0;
      while (lineStart + indent < lineEnd && text_[lineStart + indent] == ' ') ++indent;
      if (!inBlockScalar(lineStart, lineEnd, indent))
        if (auto deep = scanLine(lineStart, lineEnd, indent)) return deep;
      i = lineEnd + 1;
    }
    return std::nullopt;
  }

 private:
  enum class Step { Handled, Other, EndOfLine, TooDeep };

  static bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

  // Block scalar content: lines blank or indented deeper than its owner; the first other line ends it.
  bool inBlockScalar(std::size_t lineStart, std::size_t lineEnd, std::size_t indent) {
    if (blockScalarOwner_ < 0 || quote_ != 0) return false;
    bool blank = true;
    for (std::size_t k = lineStart + indent; k < lineEnd && blank; ++k) blank = isBlank(text_[k]);
    if (blank || static_cast<long>(indent) > blockScalarOwner_) return true;
    blockScalarOwner_ = -1;
    return false;
  }

  bool documentMarker(std::size_t lineStart, std::size_t lineEnd) const {
    return lineEnd - lineStart >= 3 &&
           (text_.compare(lineStart, 3, "---") == 0 || text_.compare(lineStart, 3, "...") == 0) &&
           (lineEnd - lineStart == 3 || text_[lineStart + 3] == ' ' || text_[lineStart + 3] == '\t' ||
            text_[lineStart + 3] == '\r');
  }

  std::optional<std::uint32_t> scanLine(std::size_t lineStart, std::size_t lineEnd, std::size_t indent) {
    std::size_t i = lineStart;
    if (quote_ == 0 && documentMarker(lineStart, lineEnd)) {  // document markers reset the state
      depth_ = 0;
      i = lineStart + 3;
    }
    nodeStart_ = true;
    afterSpace_ = true;
    owner_ = static_cast<long>(indent);
    for (; i < lineEnd; ++i) {
      if (quote_) {
        quoted(i, lineEnd);
        continue;
      }
      bool flow = depth_ > 0;
      Step step = plain(i, lineStart, lineEnd);
      if (step == Step::TooDeep) return static_cast<std::uint32_t>(i);
      if (step == Step::EndOfLine) break;
      if (step == Step::Other) {
        if (nodeStart_ && !flow) owner_ = static_cast<long>(i - lineStart);
        after(false);
      }
    }
    return std::nullopt;
  }

  void quoted(std::size_t& i, std::size_t lineEnd) {
    char c = text_[i];
    if (quote_ == '"' && c == '\\') {
      ++i;
    } else if (c == quote_) {
      if (quote_ == '\'' && i + 1 < lineEnd && text_[i + 1] == '\'')
        ++i;
      else
        quote_ = 0;
    }
    after(false);
  }

  Step after(bool nodeStart) {
    nodeStart_ = nodeStart;
    afterSpace_ = false;
    return Step::Handled;
  }

  // One character outside quotes; Other: a scalar's character.
  Step plain(std::size_t& i, std::size_t lineStart, std::size_t lineEnd) {
    char c = text_[i];
    if (isBlank(c)) {
      afterSpace_ = true;
      return Step::Handled;
    }
    if (c == '#' && afterSpace_) return Step::EndOfLine;  // comment
    bool flow = depth_ > 0;
    bool blankAfter = i + 1 >= lineEnd || isBlank(text_[i + 1]);
    if (c == '[' || c == '{') {
      if (!flow && !nodeStart_) return Step::Other;
      if (++depth_ > maxDepth_) return Step::TooDeep;
      return after(true);
    }
    if (flow && (c == ']' || c == '}')) {
      --depth_;
      return after(false);
    }
    if ((flow && c == ',') || (c == ':' && (flow || blankAfter))) return after(true);
    if ((c == '-' || c == '?') && nodeStart_ && blankAfter) {
      owner_ = static_cast<long>(i - lineStart);
      afterSpace_ = false;
      return Step::Handled;
    }
    if ((c == '\'' || c == '"') && nodeStart_) {
      quote_ = c;
      if (!flow) owner_ = static_cast<long>(i - lineStart);
      return after(false);
    }
    if ((c == '&' || c == '!') && nodeStart_) {
      while (i + 1 < lineEnd && text_[i + 1] != ' ' && text_[i + 1] != '\t') ++i;  // anchor or tag
      afterSpace_ = false;
      return Step::Handled;
    }
    if ((c == '|' || c == '>') && nodeStart_ && !flow) {
      blockScalarOwner_ = owner_;
      return Step::EndOfLine;  // the rest of the line is the block scalar header
    }
    return Step::Other;
  }

  std::string_view text_;
  std::uint32_t maxDepth_;
  std::size_t depth_ = 0;
  char quote_ = 0;             // '\'' or '"' while inside a quoted scalar
  long blockScalarOwner_ = -1;  // skip lines indented deeper than this (block scalar content)
  bool nodeStart_ = true;       // a node may start here
  bool afterSpace_ = true;
  long owner_ = 0;              // the column of the node that owns what follows on this line
};

}  // namespace

std::optional<std::uint32_t> findDeepFlowNesting(std::string_view text, std::uint32_t maxDepth) {
  return NestingScanner(text, maxDepth).run();
}

}  // namespace kcicd::flow
