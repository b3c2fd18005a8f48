#pragma once
// Test helpers: run a command and capture its output, keep a server running for a test, pick free
// ports, make temporary directories. POSIX only.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kcicd::test {

struct ProcessResult {
  int exitCode = -1;  // 128 + signal when killed by a signal; -1 when it timed out
  std::string out;
  std::string err;
  bool timedOut = false;
  long peakRssKb = -1;  // the child's peak resident set size (wait4's ru_maxrss; a forked child starts at ours)
};

struct RunOptions {
  std::map<std::string, std::string> env;  // added to (or replacing) the inherited environment
  std::vector<std::string> unsetEnv;       // removed from the inherited environment
  bool clearEnv = false;                   // start from an empty environment (PATH kept)
  std::filesystem::path cwd;               // empty: current directory
  std::string stdinData;
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
};

// Runs argv[0] (looked up in PATH) and waits for it.
ProcessResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// Runs the kestra-cicd binary under test.
ProcessResult runCli(const std::vector<std::string>& args, const RunOptions& options = {});

// A process kept running for the duration of a test (a server). Killed, with its whole process
// group, when destroyed. Its stdout/stderr go to `logFile` (or /dev/null).
class BackgroundProcess {
 public:
  BackgroundProcess() = default;
  BackgroundProcess(const std::vector<std::string>& argv, const RunOptions& options = {},
                    const std::filesystem::path& logFile = {});
  ~BackgroundProcess();
  BackgroundProcess(BackgroundProcess&& other) noexcept;
  BackgroundProcess& operator=(BackgroundProcess&& other) noexcept;
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void stop();

 private:
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int freePort();

// A socket listening on 127.0.0.1 (a free port) with the given backlog; nothing accepts unless the owner
// does. Closed when destroyed.
class LoopbackListener {
 public:
  explicit LoopbackListener(int backlog);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;
  int fd() const { return fd_; }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};
// Waits until something accepts TCP connections on 127.0.0.1:port.
bool waitForPort(int port, std::chrono::milliseconds timeout = std::chrono::seconds(20));

// A fresh directory under $TMPDIR, removed with its content when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void writeFile(const std::filesystem::path& path, const std::string& content);
std::string readFile(const std::filesystem::path& path);

}  // namespace kcicd::test
