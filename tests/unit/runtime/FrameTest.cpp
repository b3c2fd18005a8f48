#include <catch2/catch_test_macros.hpp>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "KestraFiles.h"
#include "runtime/Frame.h"

using kcicd::Json;
using kcicd::LogLevel;
using kcicd::MetricType;
namespace frame = kcicd::frame;

namespace {

// Kestra's check, written independently of frame::match: the Java pattern ^::(\{.*})::$ where '.'
// excludes \n, \r, U+0085, U+2028 and U+2029.
std::optional<std::string> kestraMatch(const std::string& line) {
  for (const char* terminator : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"})
    if (line.find(terminator) != std::string::npos) return std::nullopt;
  static const std::regex pattern(R"(^::(\{.*\})::$)");
  std::smatch m;
  if (!std::regex_match(line, m, pattern)) return std::nullopt;
  return m[1].str();
}

Json roundTrip(const std::string& line) {
  auto json = kestraMatch(line);
  REQUIRE(json.has_value());
  return Json::parse(*json);
}

std::vector<std::string> referenceFrames() {
  std::ifstream in(kcicd::test::kestraReferenceDir() / "frames-kestra-libs.txt");
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("::", 0) == 0) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("frames match the bytes of Kestra's JavaScript library", "[frame]") {
  auto expected = referenceFrames();
  REQUIRE(expected.size() == 6);
  Json outputs;
  outputs["commit"] = "a1b2c3";
  outputs["valid"] = 3;
  outputs["text"] = "line\xE2\x80\xA8sep \xC3\xA9 \"q\"";
  CHECK(frame::outputs(outputs) == expected[0]);
  CHECK(frame::metric("flows.deployed", MetricType::Counter, 5, {{"namespace", "prod"}}) == expected[1]);
  CHECK(frame::metric("validate.duration", MetricType::Timer, 0.25) == expected[2]);
  CHECK(frame::log(LogLevel::Info, "hello") == expected[3]);
  CHECK(frame::log(LogLevel::Warn, "careful") == expected[4]);
  CHECK(frame::log(LogLevel::Error, "bad") == expected[5]);
}

TEST_CASE("every frame passes Kestra's regex and parses back to the same JSON", "[frame]") {
  Json values;
  values["plain"] = "ok";
  values["newline"] = "a\nb\r\nc";
  values["separators"] = std::string("x\xC2\x85y\xE2\x80\xA8z\xE2\x80\xA9w");
  values["quote"] = "\"::{}::\"";
  values["control"] = std::string("\x01\x1f\t", 3);
  values["emoji"] = "\xF0\x9F\x9A\x80";
  values["nested"] = {{"list", {1, 2.5, true, nullptr}}};
  std::string line = frame::outputs(values);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(roundTrip(line)["outputs"] == values);
  CHECK(frame::match(line) == kestraMatch(line));
}

TEST_CASE("invalid UTF-8 is replaced, never breaks the line", "[frame]") {
  Json values;
  values["bytes"] = std::string("ok\xFF\xFE" "end");
  std::string line = frame::outputs(values);
  Json back = roundTrip(line);
  CHECK(back["outputs"]["bytes"] == "ok\xEF\xBF\xBD\xEF\xBF\xBD" "end");
}

TEST_CASE("metrics: counters, timers in seconds, tags, no NaN or Infinity", "[frame]") {
  Json counter = roundTrip(*frame::metric("flows", MetricType::Counter, 12, {{"ns", "prod"}}));
  CHECK(counter["metrics"][0]["name"] == "flows");
  CHECK(counter["metrics"][0]["type"] == "counter");
  CHECK(counter["metrics"][0]["value"] == 12);
  CHECK(counter["metrics"][0]["tags"]["ns"] == "prod");
  Json timer = roundTrip(*frame::metric("clone.duration", MetricType::Timer, 1.5));
  CHECK(timer["metrics"][0]["type"] == "timer");
  CHECK(timer["metrics"][0]["value"] == 1.5);
  CHECK(timer["metrics"][0]["tags"].is_object());
  CHECK_FALSE(frame::metric("x", MetricType::Counter, std::nan("")).has_value());
  CHECK_FALSE(frame::metric("x", MetricType::Timer, 1.0 / 0.0).has_value());
}

TEST_CASE("log levels are exactly Kestra's", "[frame]") {
  const std::vector<std::pair<LogLevel, std::string>> levels{{LogLevel::Error, "ERROR"}, {LogLevel::Warn, "WARN"},
                                                             {LogLevel::Info, "INFO"},   {LogLevel::Debug, "DEBUG"},
                                                             {LogLevel::Trace, "TRACE"}};
  for (const auto& [level, name] : levels) {
    Json back = roundTrip(frame::log(level, "m\u2028x"));
    CHECK(back["logs"][0]["level"] == name);
    CHECK(back["logs"][0]["message"] == "m\u2028x");
  }
}

TEST_CASE("frame::match follows Kestra's regex", "[frame]") {
  CHECK(frame::match("::{\"outputs\":{}}::") == std::optional<std::string>("{\"outputs\":{}}"));
  CHECK_FALSE(frame::match(" ::{}::").has_value());
  CHECK_FALSE(frame::match("::{}:: ").has_value());
  CHECK_FALSE(frame::match("::[]::").has_value());
  CHECK_FALSE(frame::match("::{\"a\":\"\xE2\x80\xA8\"}::").has_value());
}

TEST_CASE("DEL and C1 controls are escaped too: the JSON means the same, the line holds no control", "[frame]") {
  Json values;
  values["controls"] = std::string("del\x7f csi\xC2\x9B" "2J nel\xC2\x85 esc\x1b[31m");
  std::string line = frame::outputs(values);
  CHECK(line.find('\x7f') == std::string::npos);
  CHECK(line.find("\xC2\x9B") == std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK(roundTrip(line)["outputs"] == values);
}
