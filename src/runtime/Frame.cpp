#include "Frame.h"

#include <cmath>

#include "PrintableText.h"

namespace kcicd {

std::string_view toString(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return "ERROR";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Info: return "INFO";
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Trace: return "TRACE";
  }
  return "INFO";
}

namespace frame {

std::string encode(const Json& payload) {
  // dump() escapes the C0 controls; escapeControls adds DEL, the C1 controls, U+2028 and U+2029 as \u
  // escapes, so the JSON means the same and the line holds no character that ends or drives a line.
  return "::" + escapeControls(payload.dump(-1, ' ', false, Json::error_handler_t::replace)) + "::";
}

std::string outputs(const Json& values) { return encode(Json{{"outputs", values}}); }

std::optional<std::string> metric(std::string_view name, MetricType type, double value, const Tags& tags) {
  if (!std::isfinite(value)) return std::nullopt;
  Json entry;
  entry["name"] = name;
  entry["type"] = type == MetricType::Counter ? "counter" : "timer";
  // Whole numbers print as integers (5, not 5.0), as Kestra's JavaScript library does; both parse.
  if (std::trunc(value) == value && std::fabs(value) < 9007199254740992.0) {
    entry["value"] = static_cast<long long>(value);
  } else {
    entry["value"] = value;
  }
  entry["tags"] = Json::object();
  for (const auto& [k, v] : tags) entry["tags"][k] = v;
  return encode(Json{{"metrics", Json::array({entry})}});
}

std::string log(LogLevel level, std::string_view message) {
  Json entry;
  entry["level"] = toString(level);
  entry["message"] = message;
  return encode(Json{{"logs", Json::array({entry})}});
}

std::optional<std::string> match(std::string_view line) {
  // ^::(\{.*})::$ where `.` excludes \n, \r, U+0085, U+2028, U+2029.
  if (line.size() < 6 || line.substr(0, 3) != "::{" || line.substr(line.size() - 3) != "}::") return std::nullopt;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\n' || c == '\r') return std::nullopt;
    if (c == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x85) return std::nullopt;
    if (c == 0xE2 && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(line[i + 2]) == 0xA8 || static_cast<unsigned char>(line[i + 2]) == 0xA9))
      return std::nullopt;
  }
  return std::string(line.substr(2, line.size() - 4));
}

}  // namespace frame
}  // namespace kcicd
