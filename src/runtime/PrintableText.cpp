#include "PrintableText.h"

#include <cstdio>

namespace kcicd {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when the byte there does not start one.
std::size_t sequenceLength(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || (length == 2 && c < 0xC2) || (length == 4 && c > 0xF4) || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  unsigned char next = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
  if (length == 3 && ((c == 0xE0 && next < 0xA0) || (c == 0xED && next > 0x9F))) return 0;  // overlong, surrogate
  if (length == 4 && ((c == 0xF0 && next < 0x90) || (c == 0xF4 && next > 0x8F))) return 0;  // overlong, > U+10FFFF
  return length;
}

std::string hexEscape(const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// The escape for the code point (or stray byte) at text[i..i+length), or "" when it prints as is.
std::string escapeFor(std::string_view text, std::size_t i, std::size_t length) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (length == 0) return hexEscape("\\x%02X", c);
  if (length == 1) {
    if (c == '\n') return "\\n";
    if (c == '\r') return "\\r";
    if ((c < 0x20 && c != '\t') || c == 0x7F) return hexEscape("\\u%04x", c);
    return "";
  }
  unsigned char second = static_cast<unsigned char>(text[i + 1]);
  if (length == 2 && c == 0xC2 && second < 0xA0) return hexEscape("\\u%04x", second);  // C1: U+0080–U+009F
  if (length == 3 && c == 0xE2 && second == 0x80) {
    unsigned char third = static_cast<unsigned char>(text[i + 2]);
    if (third == 0xA8 || third == 0xA9) return hexEscape("\\u%04x", 0x2000u + (third - 0x80u));
  }
  return "";
}

bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string escapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = sequenceLength(text, i);
    std::string escape = escapeFor(text, i, length);
    if (escape.empty()) out.append(text.substr(i, length));
    else out += escape;
    i += length == 0 ? 1 : length;
  }
  return out;
}

std::string printableLine(std::string_view text) {
  std::string line = escapeControls(text);
  if (line.rfind("::", 0) == 0) line.insert(0, "\\");
  return line;
}

std::string abbreviate(std::string_view text, std::size_t limit) {
  constexpr std::string_view kCut = " … ";
  if (text.size() <= limit || limit < 4 * kCut.size()) return std::string(text);
  std::size_t head = (limit - kCut.size()) * 3 / 4;
  std::size_t tail = text.size() - (limit - kCut.size() - head);
  while (head > 0 && isContinuationByte(text[head])) --head;
  while (tail < text.size() && isContinuationByte(text[tail])) ++tail;
  return std::string(text.substr(0, head)) + std::string(kCut) + std::string(text.substr(tail));
}

}  // namespace kcicd
