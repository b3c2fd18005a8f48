#include <catch2/catch_test_macros.hpp>

#include <string>

#include "runtime/Hex.h"

using namespace kcicd;

TEST_CASE("hex: one helper for digits, encoding and decoding", "[hex]") {
  CHECK(hex::digitValue('a') == 10);
  CHECK(hex::digitValue('F') == 15);
  CHECK(hex::digitValue('g') == -1);
  CHECK(hex::encode("\x01\xAB") == "01ab");
  CHECK(hex::encode("\x01\xAB", true) == "01AB");
  std::string out = "kept";
  CHECK(hex::decode("01aB", out));
  CHECK(out == "\x01\xAB");
  out = "kept";
  CHECK_FALSE(hex::decode("0g", out));
  CHECK_FALSE(hex::decode("abc", out));
  CHECK(out == "kept");
}
