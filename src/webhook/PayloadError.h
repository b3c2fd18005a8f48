#pragma once
#include <stdexcept>
#include <string>

namespace kcicd::webhook {

// A webhook body that cannot be read: not JSON, not GitHub's form encoding, or a push payload with a
// field of the wrong type. The message says what and where, without quoting the body.
class PayloadError : public std::runtime_error {
 public:
  explicit PayloadError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace kcicd::webhook
