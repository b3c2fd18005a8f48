#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ApiOptions.h"
#include "Context.h"
#include "OutputBudget.h"
#include "flow/DiagnosticCap.h"
#include "flow/FlowFiles.h"
#include "flow/YamlBudget.h"

namespace kcicd::cli {

struct FlowValidateOptions {
  std::vector<std::string> paths;
  bool local = false;
  std::string format = "text";
  std::string pluginSchema;
  std::string pluginSchemaFrom;  // a server URL: its schema, cached (pipeline/PluginSchemaCache.h)
  std::string kestraVersion = "2.0";
  // --local limits (flow/YamlLoader.h, flow/FlowFiles.h)
  std::uint64_t maxFileSize = flow::kDefaultMaxFileBytes;
  std::uint32_t maxDepth = 256;
  std::uint64_t maxAliasNodes = 100000;
  std::size_t maxFiles = 100000;
  // Run-wide bounds (flow/DiagnosticCap.h, flow/YamlBudget.h, OutputBudget.h)
  std::size_t maxDiagnostics = flow::kDefaultMaxDiagnostics;
  std::uint64_t maxYamlNodes = flow::kDefaultMaxRunNodes;
  std::uint64_t maxTotalSize = flow::kDefaultMaxRunBytes;
  std::uint64_t maxOutputSize = kDefaultMaxOutputBytes;
  unsigned threads = 0;  // 0: one per core when there are many files
  ApiOptions api;
};

int runLocalValidate(Context& ctx, const FlowValidateOptions& options);   // LocalValidate.cpp
int runServerValidate(Context& ctx, const FlowValidateOptions& options);  // ServerValidate.cpp

}  // namespace kcicd::cli
