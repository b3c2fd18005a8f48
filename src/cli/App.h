#pragma once
#include <iosfwd>

#include "runtime/Environment.h"

namespace kcicd::cli {

// Parses argv, runs the selected command and returns the process exit code (see ExitCode.h).
int run(int argc, const char* const* argv, const Environment& env, std::ostream& out, std::ostream& err);

}  // namespace kcicd::cli
