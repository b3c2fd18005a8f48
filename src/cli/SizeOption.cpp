#include "SizeOption.h"

#include <cctype>

#include "runtime/SizeLimit.h"

namespace kcicd::cli {

CLI::Option* addSizeOption(CLI::App& command, const std::string& name, std::uint64_t& bytes,
                           const std::string& description) {
  const CLI::AsSizeValue size(false);
  // AsSizeValue would take "-5" (wrapping to 2^64 - 5) and 0: only a positive number, with or without unit.
  CLI::Validator positiveSize(
      [size](std::string& value) {
        const std::string given = value;
        auto first = value.find_first_not_of(" \t");
        bool valid = first != std::string::npos && std::isdigit(static_cast<unsigned char>(value[first]));
        try {
          valid = valid && size(value).empty();
        } catch (const CLI::ValidationError&) {  // an unknown unit or an overflow
          valid = false;
        }
        if (!valid)
          return "'" + given + "' is not a size: give a number of bytes, or one with a unit b, KiB, MiB, GiB (e.g. 25MiB)";
        return value == "0" ? std::string("a size must be more than 0 bytes") : std::string();
      },
      size.get_description());
  // The default as typed: "25 MiB" → "25MiB"; "1000 bytes" → "1000".
  std::string shown = describeBytes(bytes);
  shown = shown.find("byte") != std::string::npos ? std::to_string(bytes) : shown.erase(shown.find(' '), 1);
  return command.add_option(name, bytes, description)->transform(positiveSize)->default_str(shown);
}

}  // namespace kcicd::cli
