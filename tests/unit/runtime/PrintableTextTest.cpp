#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/PrintableText.h"

using kcicd::abbreviate;
using kcicd::escapeControls;
using kcicd::printableLine;

TEST_CASE("line breaks and terminal controls are shown as escapes", "[printable]") {
  CHECK(escapeControls("a\nb\r\nc") == "a\\nb\\r\\nc");
  CHECK(escapeControls("\x1b[31mred\x1b]8;;https://x\x07") == "\\u001b[31mred\\u001b]8;;https://x\\u0007");
  CHECK(escapeControls(std::string("nul\0del\x7f", 8)) == "nul\\u0000del\\u007f");
  CHECK(escapeControls("c1 \xC2\x9B" "2J nel \xC2\x85 ls \xE2\x80\xA8 ps \xE2\x80\xA9") ==
        "c1 \\u009b2J nel \\u0085 ls \\u2028 ps \\u2029");
  CHECK(escapeControls("raw \x9B" "2J \xFF") == "raw \\x9B2J \\xFF");
  CHECK(escapeControls("\xE2\x80") == "\\xE2\\x80");  // a sequence cut short
}

TEST_CASE("printable text is kept as it is", "[printable]") {
  for (std::string text : {"plain", "tab\tkept", "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80", "back\\slash", "\xC2\xA0nbsp"})
    CHECK(escapeControls(text) == text);
}

TEST_CASE("escapes are valid inside a JSON string and mean the same", "[printable]") {
  std::string value = std::string("a\x7f b\xC2\x85 c\xE2\x80\xA8 d\x1b", 15);
  std::string json = nlohmann::json(value).dump(-1, ' ', false);
  auto back = nlohmann::json::parse(escapeControls(json));
  CHECK(back.get<std::string>() == value);
}

TEST_CASE("a line starting with :: is neutralised, whatever follows", "[printable]") {
  CHECK(printableLine("::{\"outputs\":{}}::") == "\\::{\"outputs\":{}}::");
  CHECK(printableLine("::error file=x::m") == "\\::error file=x::m");
  CHECK(printableLine("x\n::{\"outputs\":{}}::") == "x\\n::{\"outputs\":{}}::");
  CHECK(printableLine(" ::{}::") == " ::{}::");  // Kestra's regex is anchored: no frame
}

TEST_CASE("long text is cut in the middle, between UTF-8 characters", "[printable]") {
  CHECK(abbreviate("short", 100) == "short");
  std::string text = std::string(50, 'a') + std::string(200, 'x') + "the hint";
  std::string cut = abbreviate(text, 100);
  CHECK(cut.size() <= 100);
  CHECK(cut.rfind("aaaa", 0) == 0);
  CHECK(cut.find(" \xE2\x80\xA6 ") != std::string::npos);
  CHECK(cut.substr(cut.size() - 8) == "the hint");
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\xC3\xA9";
  std::string cutAccents = abbreviate(accents, 61);
  CHECK(nlohmann::json(cutAccents).dump().size() > 0);  // throws on a character cut in two
}
