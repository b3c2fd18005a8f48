#include <catch2/catch_test_macros.hpp>
#include <string>

#include "webhook/ConstantTime.h"

using kcicd::webhook::constantTimeEquals;

TEST_CASE("constantTimeEquals is equality of bytes", "[webhook][constant-time]") {
  CHECK(constantTimeEquals("", ""));
  CHECK(constantTimeEquals("s3cr3t-token", "s3cr3t-token"));
  CHECK_FALSE(constantTimeEquals("s3cr3t-token", "s3cr3t-tokeN"));   // last byte differs
  CHECK_FALSE(constantTimeEquals("X3cr3t-token", "s3cr3t-token"));   // first byte differs
  std::string a("a\0b", 3), b("a\0c", 3);
  CHECK_FALSE(constantTimeEquals(a, b));                            // embedded NUL is not an end
  CHECK(constantTimeEquals(a, std::string("a\0b", 3)));
}

TEST_CASE("constantTimeEquals refuses different lengths, including prefixes and empty", "[webhook][constant-time]") {
  CHECK_FALSE(constantTimeEquals("token", "token2"));
  CHECK_FALSE(constantTimeEquals("token2", "token"));
  CHECK_FALSE(constantTimeEquals("", "token"));
  CHECK_FALSE(constantTimeEquals("token", ""));
  // A value that repeats the expected one must not pass by wrapping around it.
  CHECK_FALSE(constantTimeEquals("abab", "ab"));
  CHECK_FALSE(constantTimeEquals("aaaa", "aa"));
}

TEST_CASE("constantTimeEquals compares high bytes as unsigned", "[webhook][constant-time]") {
  CHECK(constantTimeEquals("\xff\x80", "\xff\x80"));
  CHECK_FALSE(constantTimeEquals("\xff\x80", "\x7f\x80"));
}
