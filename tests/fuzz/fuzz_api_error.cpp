// Kestra API error bodies (Micronaut JsonError, problem+json, text): any bytes → a one-line summary.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kestra/ApiError.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  for (int status : {401, 404, 422, 500}) {
    auto error = kcicd::kestra::parseApiError(status, "Reason", body);
    if (error.summary().find('\n') != std::string::npos) std::abort();  // messages are one line
  }
  return 0;
}
