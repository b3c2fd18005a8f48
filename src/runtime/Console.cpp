#include "Console.h"

#include <ostream>

#include "Errors.h"

namespace kcicd {

OutputFormat parseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "json") return OutputFormat::Json;
  if (name == "github") return OutputFormat::Github;
  throw UsageError("--format: unknown format '" + std::string(name) + "' (expected text, json or github)");
}

Console::Console(std::ostream& out, std::ostream& err, const Masker& masker, bool frames)
    : out_(out), err_(err), masker_(masker), frames_(frames) {}

void Console::out(std::string_view text) {
  std::string masked = masker_.mask(text);
  std::lock_guard lock(mutex_);
  out_ << masked << '\n';
  out_.flush();
}

void Console::err(std::string_view text) {
  std::string masked = masker_.mask(text);
  std::lock_guard lock(mutex_);
  err_ << masked << '\n';
  err_.flush();
}

Json Console::maskJson(const Json& value) const {
  if (value.is_string()) return masker_.mask(value.get_ref<const std::string&>());
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(maskJson(item));
    return out;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[masker_.mask(it.key())] = maskJson(it.value());
    return out;
  }
  return value;
}

void Console::writeFrame(const std::string& line) {
  std::lock_guard lock(mutex_);
  out_ << line << '\n';
  out_.flush();
}

void Console::outputs(const Json& values) {
  if (frames_) writeFrame(frame::outputs(maskJson(values)));
}

void Console::counter(std::string_view name, double value, const Tags& tags) {
  if (!frames_) return;
  Tags masked;
  for (const auto& [k, v] : tags) masked[k] = masker_.mask(v);
  if (auto line = frame::metric(name, MetricType::Counter, value, masked)) writeFrame(*line);
}

void Console::timer(std::string_view name, double seconds, const Tags& tags) {
  if (!frames_) return;
  Tags masked;
  for (const auto& [k, v] : tags) masked[k] = masker_.mask(v);
  if (auto line = frame::metric(name, MetricType::Timer, seconds, masked)) writeFrame(*line);
}

void Console::log(LogLevel level, std::string_view message) {
  std::string masked = masker_.mask(message);
  if (frames_) {
    writeFrame(frame::log(level, masked));
    return;
  }
  std::lock_guard lock(mutex_);
  switch (level) {
    case LogLevel::Error: err_ << "error: " << masked << '\n'; break;
    case LogLevel::Warn: err_ << "warning: " << masked << '\n'; break;
    default: err_ << masked << '\n'; break;
  }
  err_.flush();
}

}  // namespace kcicd
