#include "kestra/Multipart.h"

#include <catch2/catch_test_macros.hpp>

using namespace kcicd::kestra;

TEST_CASE("multipartFile frames one file part as RFC 7578 does", "[multipart]") {
  auto part = multipartFile("fileContent", "a.txt", "XyZ");
  CHECK(part.contentType == "multipart/form-data; boundary=XyZ");
  CHECK(part.head + "hi" + part.tail ==
        "--XyZ\r\nContent-Disposition: form-data; name=\"fileContent\"; filename=\"a.txt\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\nhi\r\n--XyZ--\r\n");
}

TEST_CASE("multipartFile escapes quotes and line breaks in the file name", "[multipart]") {
  auto part = multipartFile("f", "a\"b\r\nc", "B");
  CHECK(part.head.find("filename=\"a%22b%0D%0Ac\"") != std::string::npos);
}

TEST_CASE("randomBoundary differs each time", "[multipart]") {
  auto a = randomBoundary();
  CHECK(a.size() == 12 + 32);
  CHECK(a != randomBoundary());
}
