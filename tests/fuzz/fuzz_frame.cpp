// Frame encoder round trip: any strings → encode → Kestra's regex → JSON parse → the same strings
// (after the encoder's documented replacement of invalid UTF-8 by U+FFFD).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/Frame.h"

using kcicd::Json;

namespace {

// What the encoder promises for a string: valid UTF-8 kept, invalid bytes replaced.
std::string expected(const std::string& s) {
  Json j = s;
  return Json::parse(j.dump(-1, ' ', false, Json::error_handler_t::replace)).get<std::string>();
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto cut = input.find('\0');
  std::string key = cut == std::string::npos ? "k" : input.substr(0, cut);
  std::string value = cut == std::string::npos ? input : input.substr(cut + 1);

  Json outputs;
  outputs[key] = value;
  std::string line = kcicd::frame::outputs(outputs);
  auto json = kcicd::frame::match(line);
  check(json.has_value());
  Json back = Json::parse(*json);
  check(back["outputs"].size() == 1);
  check(back["outputs"].begin().key() == expected(key));
  check(back["outputs"].begin().value() == expected(value));

  std::string log = kcicd::frame::log(kcicd::LogLevel::Warn, value);
  auto logJson = kcicd::frame::match(log);
  check(logJson.has_value());
  check(Json::parse(*logJson)["logs"][0]["message"] == expected(value));
  return 0;
}
