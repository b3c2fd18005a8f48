#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kcicd {

// Kestra's script-task stdout protocol: a line `::{json}::` matching ^::(\{.*})::$
// (core TaskLogLineMatcher / PluginUtilsService, docs/kestra-script-runtime.md §1).
using Json = nlohmann::ordered_json;  // keeps key order: name, type, value, tags like Kestra's libraries

enum class LogLevel { Error, Warn, Info, Debug, Trace };
std::string_view toString(LogLevel level);

enum class MetricType { Counter, Timer };
using Tags = std::map<std::string, std::string>;

namespace frame {

// Compact JSON, one line: control characters, DEL, C1 controls (U+0085 included), U+2028 and U+2029 are
// \u-escaped (Java's `.` does not match the last three; escapeControls, PrintableText.h), invalid UTF-8 is
// replaced by U+FFFD, and the result never contains a line terminator.
std::string encode(const Json& payload);

std::string outputs(const Json& values);
// nullopt when `value` is not finite: Kestra rejects NaN/Infinity and would drop the whole line.
std::optional<std::string> metric(std::string_view name, MetricType type, double value, const Tags& tags = {});
std::string log(LogLevel level, std::string_view message);

// The JSON inside a frame line, or nullopt when the line is not a frame (Kestra's regex).
std::optional<std::string> match(std::string_view line);

}  // namespace frame
}  // namespace kcicd
