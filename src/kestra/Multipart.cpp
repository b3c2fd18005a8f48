#include "Multipart.h"

#include <random>

#include "runtime/Hex.h"

namespace kcicd::kestra {

namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

MultipartFile multipartFile(std::string_view field, std::string_view filename, std::string_view boundary) {
  std::string b(boundary);
  return {"multipart/form-data; boundary=" + b,
          "--" + b + "\r\nContent-Disposition: form-data; name=" + quoted(field) + "; filename=" + quoted(filename) +
              "\r\nContent-Type: application/octet-stream\r\n\r\n",
          "\r\n--" + b + "--\r\n"};
}

std::string randomBoundary() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string out = "kestra-cicd-";
  for (int i = 0; i < 32; ++i) out += hex::digit(static_cast<unsigned>(random()));
  return out;
}

}  // namespace kcicd::kestra
