#include "runtime/Errors.h"
#include "FlowValidate.h"

namespace kcicd::cli {

int runLocalValidate(Context&, const FlowValidateOptions&) {
  throw CommandError(ExitCode::Failure, "flow validate --local is not available in this build yet");
}

}  // namespace kcicd::cli
