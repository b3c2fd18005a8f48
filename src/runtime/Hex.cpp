#include "Hex.h"

namespace kcicd::hex {

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char digit(unsigned value, bool upper) { return (upper ? "0123456789ABCDEF" : "0123456789abcdef")[value & 15]; }

std::string encode(std::string_view bytes, bool upper) {
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char byte : bytes) {
    out += digit(byte >> 4, upper);
    out += digit(byte, upper);
  }
  return out;
}

bool decode(std::string_view text, std::string& out) {
  if (text.size() % 2 != 0) return false;
  std::string bytes(text.size() / 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    int hi = digitValue(text[2 * i]), lo = digitValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes[i] = static_cast<char>((hi << 4) | lo);
  }
  out = std::move(bytes);
  return true;
}

}  // namespace kcicd::hex
