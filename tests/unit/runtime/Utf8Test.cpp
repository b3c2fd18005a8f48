#include <catch2/catch_test_macros.hpp>

#include <string>

#include "runtime/Utf8.h"

using namespace kcicd;

TEST_CASE("utf8: one decoder, RFC 3629 strict", "[utf8]") {
  CHECK(utf8::sequenceLength("a", 0) == 1);
  CHECK(utf8::sequenceLength("\xC3\xA9", 0) == 2);
  CHECK(utf8::sequenceLength("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(utf8::sequenceLength("\xC0\x80", 0) == 0);          // overlong
  CHECK(utf8::sequenceLength("\xED\xA0\x80", 0) == 0);      // surrogate
  CHECK(utf8::sequenceLength("\xF4\x90\x80\x80", 0) == 0);  // past U+10FFFF
  CHECK(utf8::sequenceLength("\xE2\x82", 0) == 0);          // truncated
  std::string text = "\xC3\xA9\xFF" "a";
  std::size_t i = 0;
  CHECK(utf8::decode(text, i) == 0xE9);
  CHECK(utf8::decode(text, i) == utf8::kReplacement);
  CHECK(utf8::decode(text, i) == 'a');
  CHECK(i == text.size());
  CHECK_FALSE(utf8::isValid(text));
  CHECK(utf8::sanitize(text) == "\xC3\xA9\xEF\xBF\xBD" "a");
  CHECK(utf8::codePointCount(text) == 3);
  CHECK(utf8::utf16Length("\xF0\x9F\x98\x80" "a") == 3);
  CHECK(utf8::encode(0x1F600) == "\xF0\x9F\x98\x80");
}
