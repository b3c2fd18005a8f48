#include "PercentDecode.h"

#include "Hex.h"

namespace kcicd {

std::string percentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex::digitValue(text[i + 1]) >= 0 && hex::digitValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hex::digitValue(text[i + 1]) * 16 + hex::digitValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace kcicd
