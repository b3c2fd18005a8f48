// Deploys every namespace folder under <dir> with the Kestra client in one process (one keep-alive
// connection), as the deploy pipeline does, and prints the wall time. Driven by namespaces.sh.
//   bench_kestra <server> <dir> <user:password>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/KestraClientConfig.h"
#include "flow/FlowFiles.h"
#include "kestra/KestraClient.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench_kestra <server> <dir> <user:password>\n";
    return 2;
  }
  namespace fs = std::filesystem;
  kcicd::kestra::ClientConfig config;
  config.server = argv[1];
  std::string credentials = argv[3];
  auto colon = credentials.find(':');
  config.auth = {kcicd::kestra::Auth::Kind::Basic, credentials.substr(0, colon), credentials.substr(colon + 1), ""};
  auto start = std::chrono::steady_clock::now();
  kcicd::kestra::KestraClient client(config);
  std::size_t flows = 0, namespaces = 0;
  for (const auto& entry : fs::directory_iterator(argv[2])) {
    if (!entry.is_directory()) continue;
    auto files = kcicd::flow::collectFlowFiles({entry.path()});
    auto result = client.updateNamespace(entry.path().filename().string(), kcicd::cli::readFlowSources(files, kcicd::flow::kDefaultMaxFileBytes),
                                         false, false);
    flows += result.total();
    ++namespaces;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << namespaces << " namespaces, " << flows << " flows in " << seconds << " s (" << client.requests()
            << " HTTP requests)\n";
  return 0;
}
