#include "runtime/Errors.h"
#include "FlowValidate.h"

namespace kcicd::cli {

int runServerValidate(Context&, const FlowValidateOptions&) {
  throw CommandError(ExitCode::Failure, "flow validate against a server is not available in this build yet");
}

}  // namespace kcicd::cli
