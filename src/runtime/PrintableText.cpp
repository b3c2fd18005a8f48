#include "PrintableText.h"

#include "Hex.h"
#include "Utf8.h"

namespace kcicd {

namespace {

// "\u" and four lower-case hex digits (a JSON escape).
std::string unicodeEscape(unsigned value) {
  return std::string("\\u") + hex::digit(value >> 12) + hex::digit(value >> 8) + hex::digit(value >> 4) +
         hex::digit(value);
}

// The escape for the code point (or stray byte) at text[i..i+length), or "" when it prints as is.
std::string escapeFor(std::string_view text, std::size_t i, std::size_t length) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (length == 0) return "\\x" + hex::encode(text.substr(i, 1), true);
  if (length == 1) {
    if (c == '\n') return "\\n";
    if (c == '\r') return "\\r";
    if ((c < 0x20 && c != '\t') || c == 0x7F) return unicodeEscape(c);
    return "";
  }
  unsigned char second = static_cast<unsigned char>(text[i + 1]);
  if (length == 2 && c == 0xC2 && second < 0xA0) return unicodeEscape(second);  // C1: U+0080–U+009F
  if (length == 3 && c == 0xE2 && second == 0x80) {
    unsigned char third = static_cast<unsigned char>(text[i + 2]);
    if (third == 0xA8 || third == 0xA9) return unicodeEscape(0x2000u + (third - 0x80u));
  }
  return "";
}

}  // namespace

std::string escapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = utf8::sequenceLength(text, i);
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
  while (head > 0 && utf8::isContinuationByte(text[head])) --head;
  while (tail < text.size() && utf8::isContinuationByte(text[tail])) ++tail;
  return std::string(text.substr(0, head)) + std::string(kCut) + std::string(text.substr(tail));
}

}  // namespace kcicd
