// flow namespace update's per-document identity: any bytes → an id and namespace or nothing; never a crash,
// hang or unbounded memory (the YAML goes through the guarded loader, flow/YamlLoader.h).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "flow/FlowIdentity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto identity = kcicd::flow::readFlowIdentity(std::string(reinterpret_cast<const char*>(data), size));
  if (identity && (identity->id.empty() || identity->ns.empty())) std::abort();  // both present or nothing
  return 0;
}
