#pragma once
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

#include "Frame.h"
#include "Masker.h"

namespace kcicd {

// Output formats shared by every command (`--format`).
enum class OutputFormat { Text, Json, Github };
// "text" | "json" | "github"; throws UsageError naming --format otherwise.
OutputFormat parseOutputFormat(std::string_view name);

// The only way kestra-cicd prints. Everything passes through the Masker; frames (outputs, metrics,
// logs) are written only when enabled (under Kestra by default), one flushed line each, on stdout.
class Console {
 public:
  Console(std::ostream& out, std::ostream& err, const Masker& masker, bool frames);

  bool frames() const { return frames_; }

  void out(std::string_view text);  // stdout, a newline appended
  void err(std::string_view text);  // stderr, a newline appended

  void outputs(const Json& values);
  void counter(std::string_view name, double value, const Tags& tags = {});
  void timer(std::string_view name, double seconds, const Tags& tags = {});
  // Under Kestra: a logs frame at that level. Otherwise: text on stderr ("warning: …" for WARN).
  void log(LogLevel level, std::string_view message);

  const Masker& masker() const { return masker_; }

 private:
  Json maskJson(const Json& value) const;
  void writeFrame(const std::string& line);

  std::ostream& out_;
  std::ostream& err_;
  const Masker& masker_;
  bool frames_;
  std::mutex mutex_;
};

}  // namespace kcicd
