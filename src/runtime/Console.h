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

// The only way kestra-cicd prints. Everything passes through the Masker, then through printableLine
// (PrintableText.h), so no line it prints can be a Kestra frame unless it wrote it as one: frames
// (outputs, metrics, logs) are written only when enabled (under Kestra by default), one flushed line each,
// on stdout. Secrets are masked before anything is cut short (a cut secret would no longer be found).
class Console {
 public:
  // -q: errors only (results, warnings and notices dropped; JSON, frames and workflow commands kept);
  // default: results, warnings, notices; -v: also the progress steps (cloning…, validating…).
  // Frames are not filtered: under Kestra every log goes to the execution's logs, which have their own level.
  enum class Verbosity { Quiet, Normal, Verbose };

  Console(std::ostream& out, std::ostream& err, const Masker& masker, bool frames);
  void setVerbosity(Verbosity verbosity) { verbosity_ = verbosity; }

  bool frames() const { return frames_; }

  // stdout: text that may hold several lines by nature (a diff, a table, help): each '\n' starts a line,
  // every line is escaped on its own and a line starting with "::" is neutralised.
  void out(std::string_view text);
  // stdout: one message, one line, as err() (a report line that quotes a name, a branch, a server value).
  void outLine(std::string_view message);
  // stderr: one message, one line: a line break inside it is shown as "\n", so that a file name or a
  // server message cannot start a line of its own. A message over kLongMessage bytes is cut in the middle.
  void err(std::string_view message);
  // stdout: a GitHub workflow command ("::error file=…::message"), the one kind of line that may start
  // with "::". Never a Kestra frame: a line of that shape is neutralised like any other.
  void workflowCommand(std::string_view line);
  // stdout: a JSON document (--format json). Secrets are masked inside string values before it is
  // serialised, so the JSON stays valid and a secret holding '"' or '\\' is found; keys are masked only
  // by long secrets (Masker::maskKey). `prefix` goes before the first line (",", for a streamed array).
  void json(const Json& value, int indent = 2, std::string_view prefix = "");
  // stdout: the framing of a JSON document streamed in pieces (`{"documents":[`, `]}`), masked and, like
  // json(), printed even with -q: asked-for JSON is never cut.
  void jsonText(std::string_view text);

  void outputs(const Json& values);
  void counter(std::string_view name, double value, const Tags& tags = {});
  void timer(std::string_view name, double seconds, const Tags& tags = {});
  // Under Kestra: a logs frame at that level. Otherwise: text on stderr ("warning: …" for WARN).
  // One message, one line, as err().
  void log(LogLevel level, std::string_view message);
  // Something the user should know about the run (a folder ignored, a fallback taken): "note: …" on stderr,
  // an INFO log frame under Kestra. Shown by default, unlike INFO progress logs (-v).
  void notice(std::string_view message);
  // A command's closing count ("3 valid, 1 invalid flow(s) in 3 file(s)"): a line on stderr, so that stdout
  // keeps the Kestra CLI's listing; an INFO log frame under Kestra. Dropped by -q.
  void summary(std::string_view message);

  const Masker& masker() const { return masker_; }

  // Messages longer than this are cut in the middle after masking: an error body echoing a whole request
  // stays readable, and the hint at the end of the message survives.
  static constexpr std::size_t kLongMessage = 4000;

 private:
  Json maskJson(const Json& value) const;
  std::string messageLine(std::string_view message) const;
  void writeLines(std::ostream& stream, std::string_view maskedText);
  void writeLine(std::ostream& stream, const std::string& line);

  std::ostream& out_;
  std::ostream& err_;
  const Masker& masker_;
  bool frames_;
  Verbosity verbosity_ = Verbosity::Normal;
  std::mutex mutex_;
};

}  // namespace kcicd
