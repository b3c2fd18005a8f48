#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace kcicd::cli {

// A byte-size limit flag (--max-file-size, --max-body-size, --max-response-size): "25MiB", "64 MB", "10kb",
// "1024" — CLI11's AsSizeValue, k/M/G = 1024/1024²/1024³. 0 or a value that is no size is a usage error
// naming the flag (exit 2). The help shows the default as `bytes` holds it, e.g. [25MiB].
CLI::Option* addSizeOption(CLI::App& command, const std::string& name, std::uint64_t& bytes,
                           const std::string& description);

}  // namespace kcicd::cli
