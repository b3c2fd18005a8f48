#pragma once
#include <string>

#include "ApiError.h"
#include "runtime/Errors.h"

namespace kcicd::kestra {

// The server answered with a non-2xx status. The message is one line, free of secrets, and says what to
// check (credentials tried, tenant path); apiError() holds the parsed body (e.g. 422 constraint texts).
class HttpError : public RemoteError {
 public:
  HttpError(const std::string& message, ApiError error) : RemoteError(message), error_(std::move(error)) {}
  int status() const { return error_.status; }
  const ApiError& apiError() const { return error_; }

 private:
  ApiError error_;
};

}  // namespace kcicd::kestra
