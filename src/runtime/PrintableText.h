#pragma once
#include <string>
#include <string_view>

namespace kcicd {

// Text from outside (a file name, a YAML key, a webhook path, a server message) made safe to print:
// it can neither start a line of its own (Kestra reads every stdout/stderr line that matches
// ^::(\{.*})::$ as a frame, docs/kestra-script-runtime.md §1) nor drive the terminal (ANSI/OSC).
// Every printer goes through these: Console::out/err/log and frame::encode.

// Control characters as escapes that are also valid inside a JSON string, so the frame writer can apply
// it to JSON text without changing what the JSON means:
//   \n and \r as the two characters "\n" and "\r"; the other C0 controls (tab excepted: it neither ends a
//   line nor drives the terminal), DEL and the C1 controls U+0080–U+009F (U+0085 included) as "\u00XX";
//   U+2028 and U+2029 as "\u2028" and "\u2029" (Java's regex `.` treats them as line ends);
//   a byte that is not part of valid UTF-8 as "\xHH" (a terminal in an 8-bit mode reads 0x9B as CSI).
// Backslashes are not doubled: the result is for reading, not for decoding.
std::string escapeControls(std::string_view text);

// One printed line: escapeControls, then a line that starts with "::" (a Kestra frame or a GitHub
// workflow command) gets a "\" in front, so that only the Console's own frames and commands have that shape.
std::string printableLine(std::string_view text);

// `text` when it has at most `limit` bytes; otherwise its head and tail around " … " (the end of an error
// message holds the hint on what to do). Cuts fall between UTF-8 characters. Apply it to masked text only.
std::string abbreviate(std::string_view text, std::size_t limit);

}  // namespace kcicd
