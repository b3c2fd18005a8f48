#pragma once
// How Kestra reads a script task's stdout/stderr, written independently of src/: lines end at \n, \r or
// \r\n (Java BufferedReader.readLine), and a line is a frame when it matches ^::(\{.*})::$ with Java's
// '.', which excludes \n, \r, U+0085, U+2028 and U+2029 (docs/kestra-script-runtime.md §1).
#include <regex>
#include <string>
#include <vector>

namespace kcicd::test {

inline std::vector<std::string> kestraLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(line);
      line.clear();
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line += text[i];
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

inline bool isKestraFrame(const std::string& line) {
  for (const char* terminator : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"})
    if (line.find(terminator) != std::string::npos) return false;
  static const std::regex pattern(R"(^::(\{.*\})::$)");
  return std::regex_match(line, pattern);
}

// The lines of `text` that Kestra would read as frames.
inline std::vector<std::string> kestraFrames(const std::string& text) {
  std::vector<std::string> frames;
  for (const auto& line : kestraLines(text))
    if (isKestraFrame(line)) frames.push_back(line);
  return frames;
}

// True when `text` holds a byte that drives a terminal: ESC (ANSI CSI, OSC), BEL, another C0 control
// except tab and line feed, DEL, or a C1 control (raw byte or UTF-8 U+0080–U+009F).
inline bool hasTerminalControl(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) return true;
    // 0x80–0x9F right after ASCII is no UTF-8 continuation byte: a raw C1 control (0x9B is CSI)
    if (c >= 0x80 && c < 0xA0 && (i == 0 || static_cast<unsigned char>(text[i - 1]) < 0x80)) return true;
  }
  return false;
}

}  // namespace kcicd::test
