#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ApiOptions.h"
#include "Context.h"
#include "kestra/ClientConfig.h"

namespace kcicd::cli {

// Builds the API client's configuration from the shared options, the credentials (flags first, then
// KESTRA_API_TOKEN, KESTRA_USER/KESTRA_PASSWORD via ctx.secrets) and the proxy variables. Every
// credential, and the base64 "user:password" sent in the Authorization header, is registered for masking.
// Throws UsageError naming the flag or variable on bad input.
kestra::ClientConfig makeClientConfig(Context& ctx, const ApiOptions& options);

// The content of each flow file; UsageError naming the file when one cannot be read or is larger
// than maxBytes (--max-file-size).
std::vector<std::string> readFlowSources(const std::vector<std::filesystem::path>& files, std::uint64_t maxBytes);

}  // namespace kcicd::cli
