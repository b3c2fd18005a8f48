#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::kestra {

// The readable content of a Kestra error response, whatever its format:
// - Micronaut JsonError (Kestra ≤ 1.x ErrorController): {"message": …, "_embedded": {"errors": [{"message", "path"}]}}
// - RFC 9457 application/problem+json (newer ProblemDetail): {"title", "detail", "errors": [{"detail", "path"}]}
// - anything else: the body as plain text (trimmed; cut only when printed, after masking: Console::kLongMessage), or the reason phrase when empty.
struct ApiError {
  int status = 0;
  std::string message;              // one line
  std::vector<std::string> errors;  // per-violation lines "path: message", when the body lists them

  // message, then "; "-joined errors that the message does not already contain.
  std::string summary() const;
};

ApiError parseApiError(int status, std::string_view reason, std::string_view body);

}  // namespace kcicd::kestra
