#pragma once
// The one hexadecimal helper of the project.
#include <string>
#include <string_view>

namespace kcicd::hex {

// The value (0–15) of a hexadecimal digit, either case, or -1.
int digitValue(char c);

// The digit of a value 0–15 ("0123456789abcdef", or upper case).
char digit(unsigned value, bool upper = false);

// Two digits per byte.
std::string encode(std::string_view bytes, bool upper = false);

// The bytes of an even number of digits, or false (out untouched) when `text` is not that.
bool decode(std::string_view text, std::string& out);

}  // namespace kcicd::hex
