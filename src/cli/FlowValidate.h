#pragma once
#include <string>
#include <vector>

#include "ApiOptions.h"
#include "Context.h"

namespace kcicd::cli {

struct FlowValidateOptions {
  std::vector<std::string> paths;
  bool local = false;
  std::string format = "text";
  std::string pluginSchema;
  std::string kestraVersion = "1.3";
  ApiOptions api;
};

int runLocalValidate(Context& ctx, const FlowValidateOptions& options);   // LocalValidate.cpp
int runServerValidate(Context& ctx, const FlowValidateOptions& options);  // ServerValidate.cpp

}  // namespace kcicd::cli
