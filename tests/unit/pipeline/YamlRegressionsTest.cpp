// deploy --read-only=add/require and flow namespace update's identity read every fuzz regression input
// (tests/fuzz/regressions/*/*) within 5 s each: they go through the guarded YAML loader, where yaml-cpp's
// own Load/LoadAll loop forever on some of them (a second document that is a stray `,`).
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "Process.h"
#include "flow/FlowIdentity.h"
#include "pipeline/ReadOnlyLabel.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> regressionInputs() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(KCICD_SOURCE_DIR) / "tests/fuzz/regressions"))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `work` in a child process: true when it returned within `limit` (a hang cannot be stopped in-process).
template <typename Work>
bool finishesWithin(std::chrono::seconds limit, Work work) {
  pid_t pid = ::fork();
  if (pid == 0) {
    work();
    ::_exit(0);
  }
  REQUIRE(pid > 0);
  auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("read-only add/require and the flow identity finish on every fuzz regression input", "[yaml][regressions]") {
  const auto inputs = regressionInputs();
  REQUIRE(inputs.size() >= 3);
  for (const auto& path : inputs) {
    const std::string source = kcicd::test::readFile(path);
    INFO(path.string());
    CHECK(finishesWithin(std::chrono::seconds(5), [&] {
      try {
        std::vector<std::string> missing;
        (void)kcicd::pipeline::hasReadOnlyLabel(source, &missing);
      } catch (const std::invalid_argument&) {
      }
      try {
        (void)kcicd::pipeline::addReadOnlyLabel(source);
      } catch (const std::invalid_argument&) {
      }
      (void)kcicd::flow::readFlowIdentity(source);
    }));
  }
}

TEST_CASE("a second document that is a stray ',' is refused, the first document's identity still read", "[yaml][regressions]") {
  const std::string source = "id: a\nnamespace: prod\ntasks: []\n---\n,\n";
  CHECK_THROWS_AS(kcicd::pipeline::addReadOnlyLabel(source), std::invalid_argument);
  CHECK_THROWS_AS(kcicd::pipeline::hasReadOnlyLabel(source), std::invalid_argument);
  auto identity = kcicd::flow::readFlowIdentity(source);
  REQUIRE(identity);
  CHECK(identity->id == "a");
  CHECK(identity->ns == "prod");
}
