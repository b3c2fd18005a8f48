#pragma once
#include <stdexcept>
#include <string>

#include "ExitCode.h"

namespace kcicd {

// An error that ends the command with a given exit code. The message is one line, already
// free of secrets or masked by the Console when printed.
class CommandError : public std::runtime_error {
 public:
  CommandError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad input from the user: flag, argument, file or environment variable (exit 2).
class UsageError : public CommandError {
 public:
  explicit UsageError(const std::string& message) : CommandError(ExitCode::Usage, message) {}
};

// The cloned repository does not hold what the command needs (no flows folder, a folder that leaves it
// through a link, an unreadable flow file): the command line was fine, the content is not (exit 1).
class RepositoryError : public CommandError {
 public:
  explicit RepositoryError(const std::string& message) : CommandError(ExitCode::Failure, message) {}
};

// Network, TLS, authentication or server failure (exit 3).
class RemoteError : public CommandError {
 public:
  explicit RemoteError(const std::string& message) : CommandError(ExitCode::Remote, message) {}
};

}  // namespace kcicd
