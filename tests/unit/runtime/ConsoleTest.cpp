#include <catch2/catch_test_macros.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "KestraLines.h"
#include "runtime/Console.h"
#include "runtime/Masker.h"

using namespace kcicd;
using kcicd::test::hasTerminalControl;
using kcicd::test::kestraFrames;
using kcicd::test::kestraLines;

namespace {

// What an attacker puts in a flow file name, a YAML key, a webhook path or a server message.
const std::vector<std::string> kForgeries{
    "flows/x\n::{\"outputs\":{\"valid\":true}}::\n.yml",
    "flows/x\r::{\"outputs\":{\"valid\":true}}::\r.yml",
    "::{\"outputs\":{\"valid\":true}}::",
    "key\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x1b[31mred\x7f",
    std::string("c1 \xC2\x9B" "31m and \xC2\x85::{\"outputs\":{\"valid\":true}}:: raw \x9B" "2J"),
    "sep\xE2\x80\xA8::{\"outputs\":{\"valid\":true}}::",
};

}  // namespace

TEST_CASE("no message, whatever it holds, prints a Kestra frame or a terminal control", "[console]") {
  for (bool frames : {false, true}) {
    Masker masker;
    std::ostringstream out, err;
    Console console(out, err, masker, frames);
    for (const auto& text : kForgeries) {
      console.out("\u2713 - " + text);
      console.out(text);
      console.err("\u2718 - " + text);
      console.err(text);
      console.log(LogLevel::Info, text);
      console.log(LogLevel::Warn, "retrying " + text);
    }
    std::string all = out.str() + err.str();
    INFO("frames " << frames << "\nstdout:\n" << out.str() << "\nstderr:\n" << err.str());
    CHECK_FALSE(hasTerminalControl(all));
    // Only the Console's own log frames, none carrying outputs.
    for (const auto& line : kestraFrames(all)) {
      CHECK(frames);
      CHECK(line.rfind("::{\"logs\":[", 0) == 0);
    }
    if (frames) CHECK(kestraFrames(out.str()).size() == 2 * kForgeries.size());
  }
}

TEST_CASE("a line break inside one error message does not start a line", "[console]") {
  Masker masker;
  std::ostringstream out, err;
  Console console(out, err, masker, false);
  console.err("cannot read flow file 'a\nb\r\nc': no such file");
  CHECK(err.str() == "cannot read flow file 'a\\nb\\r\\nc': no such file\n");
  console.log(LogLevel::Warn, "two\nlines");
  CHECK(kestraLines(err.str()).size() == 2);
}

TEST_CASE("text printed as lines (a diff) stays lines, each one escaped", "[console]") {
  Masker masker;
  std::ostringstream out, err;
  Console console(out, err, masker, true);
  console.out("--- a/f.yml\n+++ b/f.yml\n@@ -1 +1 @@\n-id: a\n+::{\"outputs\":{\"x\":1}}::\n \ttab kept");
  CHECK(out.str() ==
        "--- a/f.yml\n+++ b/f.yml\n@@ -1 +1 @@\n-id: a\n+::{\"outputs\":{\"x\":1}}::\n \ttab kept\n");
  std::ostringstream out2;
  Console console2(out2, err, masker, true);
  console2.out("line\n::{\"outputs\":{\"x\":1}}::");
  CHECK(kestraFrames(out2.str()).empty());
  CHECK(out2.str() == "line\n\\::{\"outputs\":{\"x\":1}}::\n");
}

TEST_CASE("a short secret is masked only where it stands alone; JSON keys keep their names", "[console]") {
  Masker masker;
  masker.add("id");
  std::ostringstream out, err;
  Console console(out, err, masker, true);
  Json values;
  values["id"] = "user id is hidden, idle is not";
  console.outputs(values);
  CHECK(out.str() == "::{\"outputs\":{\"id\":\"user ****** is hidden, idle is not\"}}::\n");
}

TEST_CASE("JSON output masks inside string values: valid JSON, the escaped secret hidden too", "[console]") {
  Masker masker;
  masker.add("pw\"with\\back-91c2");
  masker.add("id");
  std::ostringstream out, err;
  Console console(out, err, masker, false);
  Json value;
  value["id"] = "the secret pw\"with\\back-91c2 and id";
  value["line"] = "a\xE2\x80\xA8::{\"outputs\":{}}::\x1b[31m";
  console.json(value);
  auto back = Json::parse(out.str());
  CHECK(back["id"] == "the secret ****** and ******");
  CHECK(back["line"] == "a\xE2\x80\xA8::{\"outputs\":{}}::\x1b[31m");  // same data, escaped on the wire
  CHECK_FALSE(hasTerminalControl(out.str()));
  CHECK(out.str().find("\xE2\x80\xA8") == std::string::npos);
}

TEST_CASE("outLine prints one message on one stdout line", "[console]") {
  Masker masker;
  std::ostringstream out, err;
  Console console(out, err, masker, true);
  console.outLine("verified push to branch main\n::{\"outputs\":{\"valid\":true}}::");
  CHECK(out.str() == "verified push to branch main\\n::{\"outputs\":{\"valid\":true}}::\n");
}

TEST_CASE("workflow commands keep their :: but never become a Kestra frame", "[console]") {
  Masker masker;
  std::ostringstream out, err;
  Console console(out, err, masker, true);
  console.workflowCommand("::error file=a.yml::bad\x1b[2J");
  console.workflowCommand("::{\"outputs\":{\"valid\":true}}::");
  CHECK(out.str() == "::error file=a.yml::bad\\u001b[2J\n\\::{\"outputs\":{\"valid\":true}}::\n");
}

TEST_CASE("a long message is masked, then cut in the middle", "[console]") {
  Masker masker;
  masker.add("secret-token-123");
  std::ostringstream out, err;
  Console console(out, err, masker, false);
  console.err(std::string(Console::kLongMessage - 10, 'x') + "secret-token-123" + std::string(500, 'y') + " hint");
  CHECK(err.str().size() <= Console::kLongMessage + 1);
  CHECK(err.str().find("secret-") == std::string::npos);
  CHECK(err.str().find(" hint\n") != std::string::npos);
}
