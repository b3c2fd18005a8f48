// A running kestra-cicd holds the API token and Git password in memory: it must not leave them in a core
// dump (a crash, or a SIGQUIT from a worker's supervisor).
#include <catch2/catch_test_macros.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "Process.h"

using namespace kcicd::test;

namespace {
// The "Max core file size" line of /proc/<pid>/limits, or "" while the process is not there yet.
std::string coreLimit(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Max core file size", 0) == 0) return line;
  return "";
}

bool hasZeroCoreLimit(const std::string& line) {
  const std::string label = "Max core file size";
  if (line.size() < label.size()) return false;
  std::istringstream words(line.substr(label.size()));
  std::string soft, hard;
  words >> soft >> hard;
  return soft == "0" && hard == "0";
}
}  // namespace

TEST_CASE("a command holding the API token runs with core dumps off", "[security][core]") {
  TempDir dir;
  writeFile(dir / "a.yml", "id: a\nnamespace: prod\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
  LoopbackListener silent(8);  // accepts connections in its backlog and never answers: the command waits
  RunOptions options;
  options.env = {{"KESTRA_API_TOKEN", "tok-core-dump-7f3c9a1e5b2d"}};
  BackgroundProcess cli({KCICD_BINARY, "flow", "validate", (dir / "a.yml").string(), "--server",
                         "http://127.0.0.1:" + std::to_string(silent.port()), "--read-timeout", "30"},
                        options);
  std::string limit;
  for (int i = 0; i < 100 && !hasZeroCoreLimit(limit); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    limit = coreLimit(cli.pid());
  }
  INFO(limit);
  CHECK(cli.running());  // still waiting for the server, token in memory
  CHECK(hasZeroCoreLimit(limit));
}
