// Deploys every namespace folder under <dir> with the library in one process, flow by flow through a
// pool of keep-alive connections, as `deploy` does (pipeline/NamespaceUpdate.h), and prints the wall
// time. Driven by namespaces.sh.
//   bench_kestra <server> <dir> <user:password> [parallel]
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/KestraClientConfig.h"
#include "flow/FlowFiles.h"
#include "pipeline/LocalFlows.h"
#include "pipeline/NamespaceUpdate.h"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: bench_kestra <server> <dir> <user:password> [parallel]\n";
    return 2;
  }
  namespace fs = std::filesystem;
  kcicd::kestra::ClientConfig config;
  config.server = argv[1];
  std::string credentials = argv[3];
  auto colon = credentials.find(':');
  config.auth = {kcicd::kestra::Auth::Kind::Basic, credentials.substr(0, colon), credentials.substr(colon + 1), ""};
  auto start = std::chrono::steady_clock::now();
  std::vector<kcicd::pipeline::FlowFile> files;
  std::vector<std::string> namespaces;
  for (const auto& entry : fs::directory_iterator(argv[2])) {
    if (!entry.is_directory()) continue;
    namespaces.push_back(entry.path().filename().string());
    auto paths = kcicd::flow::collectFlowFiles({entry.path()});
    auto sources = kcicd::cli::readFlowSources(paths, kcicd::flow::kDefaultMaxFileBytes);
    for (std::size_t i = 0; i < paths.size(); ++i) files.push_back({namespaces.back(), paths[i].string(), sources[i]});
  }
  auto local = kcicd::pipeline::readLocalFlows(files, {});
  kcicd::kestra::ClientPool pool(config, argc == 5 ? std::stoul(argv[4]) : 4);
  auto report = kcicd::pipeline::updateNamespaces(pool, local.flows, namespaces, {});
  if (!report.problems.empty() || !report.apply || !report.apply->applied()) {
    std::cerr << "bench_kestra: the update did not apply\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << namespaces.size() << " namespaces, " << local.flows.size() << " flows in " << seconds << " s ("
            << pool.requests() << " HTTP requests)\n";
  return 0;
}
