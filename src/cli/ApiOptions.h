#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace kcicd::cli {

// Options shared by every command that talks to a Kestra server, named like the Kestra CLI's
// (AbstractApiCommand: --server, --user, --tenant, --api-token, --headers).
struct ApiOptions {
  std::string server = "http://localhost:8080";
  std::string tenant = "main";
  const CLI::Option* serverOption = nullptr;  // to tell a given --server (or KESTRA_SERVER) from the default
  const CLI::Option* tenantOption = nullptr;
  bool noTenant = false;        // pre-0.23 servers: /api/v1/flows/… without a tenant segment
  std::string apiToken;         // parity flag; KESTRA_API_TOKEN is preferred
  std::string user;             // parity flag "user:password"; KESTRA_USER / KESTRA_PASSWORD are preferred
  std::vector<std::string> headers;  // "Name=Value" (or "Name: Value")
  double connectTimeout = 10;   // seconds
  double readTimeout = 60;      // seconds
  double timeout = 300;         // seconds, one request from connect to last byte
  std::string caCert;
  bool insecure = false;
  std::uint64_t maxResponseSize = 64ull << 20;  // a larger answer is refused, exit 3
};

void addApiOptions(CLI::App& command, ApiOptions& options);

// Options of the commands that write flows or files (flow namespace update, namespace files update, deploy).
struct WriteOptions {
  std::size_t parallel = 4;  // requests at a time, each on its own keep-alive connection
  bool noRollback = false;   // leave a failed update as it stopped
};

void addWriteOptions(CLI::App& command, WriteOptions& options);

}  // namespace kcicd::cli
