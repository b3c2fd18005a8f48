#pragma once
// Payload fixtures written for these tests: tests/data/webhook/*.
#include <string>

#include "Process.h"

namespace kcicd::test {

inline std::string webhookFixture(const std::string& name) {
  return readFile(std::string(KCICD_SOURCE_DIR) + "/tests/data/webhook/" + name);
}

}  // namespace kcicd::test
