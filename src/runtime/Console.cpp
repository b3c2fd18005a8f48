#include "Console.h"

#include <ostream>

#include "Errors.h"
#include "PrintableText.h"

namespace kcicd {

OutputFormat parseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "json") return OutputFormat::Json;
  if (name == "github") return OutputFormat::Github;
  throw UsageError("--format: unknown format '" + std::string(name) + "' (expected text, json or github)");
}

Console::Console(std::ostream& out, std::ostream& err, const Masker& masker, bool frames)
    : out_(out), err_(err), masker_(masker), frames_(frames) {}

void Console::writeLines(std::ostream& stream, std::string_view maskedText) {
  std::string lines;
  for (std::size_t begin = 0; begin <= maskedText.size();) {
    std::size_t end = std::min(maskedText.find('\n', begin), maskedText.size());
    lines += printableLine(maskedText.substr(begin, end - begin)) + '\n';
    begin = end + 1;
  }
  std::lock_guard lock(mutex_);
  stream << lines;
  stream.flush();
}

// Mask first, then cut, then escape: the cut never splits a secret, nor an escape.
std::string Console::messageLine(std::string_view message) const {
  return printableLine(abbreviate(masker_.mask(message), kLongMessage));
}

void Console::out(std::string_view text) {
  if (verbosity_ != Verbosity::Quiet) writeLines(out_, masker_.mask(text));
}

void Console::jsonText(std::string_view text) { writeLines(out_, masker_.mask(text)); }

void Console::outLine(std::string_view message) {
  if (verbosity_ != Verbosity::Quiet) writeLine(out_, messageLine(message));
}

void Console::err(std::string_view message) { writeLine(err_, messageLine(message)); }

void Console::writeLine(std::ostream& stream, const std::string& line) {
  std::lock_guard lock(mutex_);
  stream << line << '\n';
  stream.flush();
}

void Console::workflowCommand(std::string_view line) {
  std::string masked = escapeControls(masker_.mask(line));
  writeLine(out_, frame::match(masked) ? printableLine(masked) : masked);
}

void Console::json(const Json& value, int indent, std::string_view prefix) {
  std::string text(prefix);
  text += maskJson(value).dump(indent, ' ', false, Json::error_handler_t::replace);
  writeLines(out_, text);
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
    for (auto it = value.begin(); it != value.end(); ++it) out[masker_.maskKey(it.key())] = maskJson(it.value());
    return out;
  }
  return value;
}

void Console::outputs(const Json& values) {
  if (frames_) writeLine(out_, frame::outputs(maskJson(values)));
}

void Console::counter(std::string_view name, double value, const Tags& tags) {
  if (!frames_) return;
  Tags masked;
  for (const auto& [k, v] : tags) masked[k] = masker_.mask(v);
  if (auto line = frame::metric(name, MetricType::Counter, value, masked)) writeLine(out_, *line);
}

void Console::timer(std::string_view name, double seconds, const Tags& tags) {
  if (!frames_) return;
  Tags masked;
  for (const auto& [k, v] : tags) masked[k] = masker_.mask(v);
  if (auto line = frame::metric(name, MetricType::Timer, seconds, masked)) writeLine(out_, *line);
}

void Console::log(LogLevel level, std::string_view message) {
  // Escaped in frames too: Kestra's log view renders ANSI colours, and a line break inside one message
  // would read as two log lines.
  std::string line = messageLine(message);
  if (frames_) {
    writeLine(out_, frame::log(level, line));
    return;
  }
  bool shown = level == LogLevel::Error || (level == LogLevel::Warn && verbosity_ != Verbosity::Quiet) ||
               verbosity_ == Verbosity::Verbose;
  if (!shown) return;
  std::lock_guard lock(mutex_);
  switch (level) {
    case LogLevel::Error: err_ << "error: " << line << '\n'; break;
    case LogLevel::Warn: err_ << "warning: " << line << '\n'; break;
    default: err_ << line << '\n'; break;
  }
  err_.flush();
}

void Console::notice(std::string_view message) {
  if (frames_) return log(LogLevel::Info, message);
  if (verbosity_ != Verbosity::Quiet) writeLine(err_, "note: " + messageLine(message));
}

void Console::summary(std::string_view message) {
  if (frames_) return log(LogLevel::Info, message);
  if (verbosity_ != Verbosity::Quiet) writeLine(err_, messageLine(message));
}

}  // namespace kcicd
