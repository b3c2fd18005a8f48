#include "WebhookBody.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "runtime/SizeLimit.h"
#include "runtime/Errors.h"

namespace kcicd::cli {

std::string readWebhookBody(const std::string& flag, const std::string& path, std::uint64_t maxBytes) {
  const std::string what = flag + " " + path;
  auto tooLarge = [&] {
    return UsageError(what + ": larger than " + describeBytes(maxBytes) +
                      "; refused (raise --max-body-size; GitHub caps deliveries at 25 MB)");
  };
  std::ifstream file;
  std::istream* in = &std::cin;
  std::string body;
  if (path != "-") {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw UsageError(what + ": no such file");
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > maxBytes) throw tooLarge();
    file.open(path, std::ios::binary);
    if (!file) throw UsageError(what + ": cannot be read");
    if (!ec) body.reserve(static_cast<std::size_t>(size));
    in = &file;
  }
  char buffer[65536];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    auto n = static_cast<std::size_t>(in->gcount());
    if (body.size() + n > maxBytes) throw tooLarge();  // stdin, or a file that grew meanwhile
    appendWithinLimit(body, buffer, n, maxBytes);
  }
  if (in->bad()) throw UsageError(what + ": cannot be read");
  return body;
}

}  // namespace kcicd::cli
