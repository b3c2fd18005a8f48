#include "Version.h"

namespace kcicd {

std::string versionString() { return std::string("kestra-cicd ") + kVersion; }

}  // namespace kcicd
