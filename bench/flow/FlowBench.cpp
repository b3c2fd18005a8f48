// Benchmark of `flow validate --local` (bench/flow/run.sh runs it).
//
// Generates realistic flows from varied templates into a temporary directory, then measures, each phase in
// a forked child (wall time, median of --runs; peak RSS from wait4):
//   bare        read + YAML::Load of every file (yaml-cpp's own tree, nothing checked)
//   validate-1  read + FlowValidator::validateFile of every file, one thread
//   validate-2  the same on 2 threads (the CLI's scheme: workers take files in order)
// and, with the binary: `kestra-cicd flow validate <dir> --local` on --memory-flows flows (peak RSS), and the
// start-up time of `kestra-cicd --version`.
// Targets: validate-1 <= 1.3x bare, validate-2 <= 0.7x bare, < 64 MB peak RSS for 10,000 flows,
// --version < 5 ms.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "flow/FlowValidator.h"
#include "flow/PluginCatalog.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// --- flow generator ----------------------------------------------------------------------------------------

struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  template <typename T>
  const T& any(const std::vector<T>& v) { return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))]; }
  std::string word() {
    static const std::vector<std::string> words = {"orders", "users", "billing", "events", "sales", "stock", "report",
                                                   "sync", "daily", "export", "import", "clean", "audit", "metrics"};
    return any(words);
  }
};

std::string script(Gen& g, const std::string& indent, int lines) {
  std::string out;
  for (int i = 0; i < lines; ++i) {
    switch (g.pick(0, 3)) {
      case 0: out += indent + "rows = fetch('" + g.word() + "', limit=" + std::to_string(g.pick(10, 9999)) + ")\n"; break;
      case 1: out += indent + "for row in rows: total += row['amount'] * " + std::to_string(g.pick(1, 99)) + "\n"; break;
      case 2: out += indent + "log.info(\"processed {} rows for " + g.word() + "\".format(len(rows)))\n"; break;
      default: out += indent + "SELECT id, name, amount FROM " + g.word() + " WHERE day = '{{ trigger.date }}';\n"; break;
    }
  }
  return out;
}

std::string logTask(Gen& g, const std::string& id, const std::string& indent) {
  std::string t = indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.log.Log\n";
  t += indent + "  message: \"Processing " + g.word() + " for {{ execution.id }} ({{ flow.namespace }})\"\n";
  if (g.pick(0, 3) == 0) t += indent + "  level: " + g.any(std::vector<std::string>{"INFO", "WARN", "DEBUG"}) + "\n";
  return t;
}

std::string scriptTask(Gen& g, const std::string& id, const std::string& indent) {
  std::string t = indent + "- id: " + id + "\n";
  t += indent + "  type: " +
       g.any(std::vector<std::string>{"io.kestra.plugin.scripts.python.Script", "io.kestra.plugin.scripts.shell.Commands",
                                      "io.kestra.plugin.jdbc.postgresql.Query"}) +
       "\n";
  t += indent + "  timeout: PT" + std::to_string(g.pick(1, 59)) + "M\n";
  t += indent + "  retry:\n" + indent + "    type: constant\n" + indent + "    interval: PT" +
       std::to_string(g.pick(5, 50)) + "S\n" + indent + "    maxAttempt: " + std::to_string(g.pick(1, 5)) + "\n";
  t += indent + "  script: |\n" + script(g, indent + "    ", g.pick(4, 16));
  return t;
}

std::string tasks(Gen& g, int count, const std::string& indent, int depth, int& counter) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    std::string id = "t" + std::to_string(++counter);
    int kind = depth >= 1 ? g.pick(0, 3) : g.pick(0, 9);
    if (kind <= 1) {
      out += logTask(g, id, indent);
    } else if (kind == 2) {
      out += scriptTask(g, id, indent);
    } else if (kind == 3) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.debug.Return\n" + indent +
             "  format: \"{{ outputs.t1 is defined ? 'yes' : 'no' }}\"\n";
    } else if (kind == 4) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.flow.Parallel\n" + indent +
             "  concurrent: " + std::to_string(g.pick(0, 4)) + "\n" + indent + "  tasks:\n" +
             tasks(g, g.pick(2, 4), indent + "    ", depth + 1, counter);
    } else if (kind == 5) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.flow.If\n" + indent +
             "  condition: \"{{ inputs.enabled }}\"\n" + indent + "  then:\n" +
             tasks(g, g.pick(1, 3), indent + "    ", depth + 1, counter) + indent + "  else:\n" +
             tasks(g, 1, indent + "    ", depth + 1, counter);
    } else if (kind == 6) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.flow.ForEach\n" + indent +
             "  values: [\"" + g.word() + "\", \"" + g.word() + "\", \"" + g.word() + "\"]\n" + indent +
             "  concurrencyLimit: " + std::to_string(g.pick(0, 3)) + "\n" + indent + "  tasks:\n" +
             tasks(g, g.pick(1, 3), indent + "    ", depth + 1, counter);
    } else if (kind == 7) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.flow.Switch\n" + indent +
             "  value: \"{{ inputs.mode }}\"\n" + indent + "  cases:\n" + indent + "    FULL:\n" +
             tasks(g, g.pick(1, 2), indent + "      ", depth + 1, counter) + indent + "    DELTA:\n" +
             tasks(g, 1, indent + "      ", depth + 1, counter) + indent + "  defaults:\n" +
             tasks(g, 1, indent + "    ", depth + 1, counter);
    } else if (kind == 8) {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.http.Request\n" + indent +
             "  uri: https://api.example.com/" + g.word() + "/{{ execution.id }}\n" + indent + "  method: POST\n" +
             indent + "  headers:\n" + indent + "    Authorization: \"Bearer {{ secret('API_TOKEN') }}\"\n" + indent +
             "  body: |\n" + indent + "    {\"name\": \"" + g.word() + "\", \"count\": " + std::to_string(g.pick(1, 99)) + "}\n";
    } else {
      out += indent + "- id: " + id + "\n" + indent + "  type: io.kestra.plugin.core.flow.WorkingDirectory\n" + indent +
             "  tasks:\n" + scriptTask(g, id + "a", indent + "    ") + scriptTask(g, id + "b", indent + "    ");
    }
  }
  return out;
}

std::string flow(Gen& g, int n) {
  std::string ns = "company." + g.word() + (g.pick(0, 1) ? "." + g.word() : "");
  std::string f = "id: flow_" + std::to_string(n) + "\nnamespace: " + ns + "\n";
  f += "description: |\n  Generated flow " + std::to_string(n) + " that moves " + g.word() + " data to " + g.word() +
       ".\n  Owned by the data team.\n";
  f += "labels:\n  team: " + g.word() + "\n  env: " + g.any(std::vector<std::string>{"prod", "staging", "dev"}) + "\n";
  if (g.pick(0, 2) == 0) f += "  system.readOnly: true\n";
  int template_ = n % 4;
  if (template_ != 0) {
    f += "inputs:\n";
    f += "  - id: enabled\n    type: BOOLEAN\n    defaults: true\n";
    f += "  - id: mode\n    type: SELECT\n    values: [FULL, DELTA]\n    defaults: DELTA\n";
    if (g.pick(0, 1)) f += "  - id: day\n    type: DATE\n    required: false\n";
  }
  if (template_ == 2) f += "variables:\n  bucket: s3://" + g.word() + "\n  retries: " + std::to_string(g.pick(1, 5)) + "\n";
  if (template_ == 3)
    f += "concurrency:\n  limit: " + std::to_string(g.pick(1, 4)) + "\n  behavior: QUEUE\n"
         "pluginDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    values:\n      level: INFO\n";
  int counter = 0;
  int count = template_ == 1 ? g.pick(8, 16) : g.pick(3, 8);
  f += "tasks:\n" + tasks(g, count, "  ", 0, counter);
  if (g.pick(0, 2) == 0) f += "errors:\n" + logTask(g, "on_error", "  ");
  f += "triggers:\n";
  f += "  - id: schedule\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"" + std::to_string(g.pick(0, 59)) + " " +
       std::to_string(g.pick(0, 23)) + " * * " + g.any(std::vector<std::string>{"*", "MON-FRI", "1,3,5"}) + "\"\n";
  if (g.pick(0, 3) == 0) f += "  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: \"{{ secret('HOOK') }}\"\n";
  if (g.pick(0, 4) == 0)
    f += "outputs:\n  - id: total\n    type: STRING\n    value: \"{{ outputs.t1.value ?? '' }}\"\n";
  return f;
}

std::vector<fs::path> generate(const fs::path& dir, int count, std::uintmax_t& bytes) {
  fs::create_directories(dir);
  Gen g(20240601);
  std::vector<fs::path> files;
  bytes = 0;
  for (int i = 0; i < count; ++i) {
    fs::path sub = dir / ("ns" + std::to_string(i % 40));
    fs::create_directories(sub);
    fs::path file = sub / ("flow_" + std::to_string(i) + ".yml");
    std::string text = flow(g, i);
    std::ofstream(file, std::ios::binary) << text;
    bytes += text.size();
    files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// --- measurement ---------------------------------------------------------------------------------------------

struct Result {
  double seconds = 0;
  double cpu = 0;  // user + system time of the child
  long maxRssKb = 0;
  int status = 0;
};

// Runs `work` in a child process; its wall time (parent side) and peak RSS (wait4).
Result inChild(const std::function<int()>& work) {
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int rc = work();
    std::fflush(nullptr);
    _exit(rc);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  Result r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.maxRssKb = usage.ru_maxrss;
  r.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  r.status = status;
  return r;
}

Result median(int runs, const std::function<int()>& work) {
  std::vector<Result> results;
  for (int i = 0; i < runs; ++i) results.push_back(inChild(work));
  std::sort(results.begin(), results.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
  Result m = results[results.size() / 2];
  for (const auto& r : results) m.maxRssKb = std::max(m.maxRssKb, r.maxRssKb);
  return m;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int bare(const std::vector<fs::path>& files) {
  std::size_t nodes = 0;
  for (const auto& f : files) {
    try {
      YAML::Node node = YAML::Load(readFile(f));
      nodes += node.size();
    } catch (const std::exception&) {
      return 1;
    }
  }
  return nodes > 0 ? 0 : 1;
}

int validate(const std::vector<fs::path>& files, unsigned threads) {
  kcicd::flow::FlowValidator validator;
  validator.catalog();
  std::atomic<std::size_t> next{0}, invalid{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      auto report = validator.validateFile(files[i], files[i].string());
      if (!report.valid()) ++invalid;
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (invalid > 0) std::fprintf(stderr, "%zu invalid flows (generator bug)\n", invalid.load());
  return invalid > 0 ? 1 : 0;
}

int runBinary(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int devnull = ::open("/dev/null", O_WRONLY);
  dup2(devnull, 1);
  dup2(devnull, 2);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

int main(int argc, char** argv) {
  int flows = 2500, memoryFlows = 10000, runs = 3;
  fs::path binary = fs::canonical("/proc/self/exe").parent_path().parent_path() / "kestra-cicd";
  fs::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--flows") flows = std::stoi(value());
    else if (a == "--memory-flows") memoryFlows = std::stoi(value());
    else if (a == "--runs") runs = std::stoi(value());
    else if (a == "--binary") binary = value();
    else if (a == "--dir") dir = value();
    else {
      std::cerr << "usage: bench_flow [--flows N] [--memory-flows N] [--runs N] [--binary PATH] [--dir DIR]\n";
      return 2;
    }
  }
  bool ownDir = dir.empty();
  if (ownDir) dir = fs::temp_directory_path() / ("kcicd-flow-bench-" + std::to_string(getpid()));
  unsigned cores = std::thread::hardware_concurrency();

  std::uintmax_t bytes = 0;
  auto files = generate(dir / "speed", flows, bytes);
  std::printf("flows: %d files, %.1f MB (%.1f KB average), %u cores\n", flows, bytes / 1e6, bytes / 1e3 / flows, cores);
  std::fflush(stdout);  // before forking: children must not print it again

  Result b = median(runs, [&] { return bare(files); });
  Result v1 = median(runs, [&] { return validate(files, 1); });
  Result v2 = median(runs, [&] { return validate(files, 2); });
  auto row = [&](const char* name, const Result& r) {
    std::fflush(stdout);
    std::printf("%-12s %8.3f s wall  %8.3f s cpu  %7.2f MB/s  %7.0f flows/s  %6.1f MB peak RSS  %5.2fx bare (cpu %4.2fx)%s\n",
                name, r.seconds, r.cpu, bytes / 1e6 / r.seconds, flows / r.seconds, r.maxRssKb / 1024.0,
                r.seconds / b.seconds, r.cpu / b.cpu, r.status ? "  (FAILED)" : "");
  };
  row("bare", b);
  row("validate-1", v1);
  row("validate-2", v2);

  if (fs::exists(binary)) {
    std::uintmax_t memoryBytes = 0;
    if (memoryFlows > 0) {
      generate(dir / "memory", memoryFlows, memoryBytes);
      std::string target = (dir / "memory").string();
      Result m = inChild([&] { return runBinary({binary.string(), "flow", "validate", target, "--local", "--format", "json"}); });
      std::printf("cli %d flows (%.1f MB): %.3f s wall, %.3f s cpu, %.1f MB peak RSS, exit %d\n", memoryFlows,
                  memoryBytes / 1e6, m.seconds, m.cpu, m.maxRssKb / 1024.0, WIFEXITED(m.status) ? WEXITSTATUS(m.status) : -1);
    }
    std::fflush(stdout);
    std::vector<double> starts, cpus;
    for (int i = 0; i < 30; ++i) {
      Result r = inChild([&] { return runBinary({binary.string(), "--version"}); });
      starts.push_back(r.seconds);
      cpus.push_back(r.cpu);
    }
    std::sort(starts.begin(), starts.end());
    std::sort(cpus.begin(), cpus.end());
    std::printf("--version: %.2f ms wall median (min %.2f ms), %.2f ms cpu median, over %zu runs, fork/exec included\n",
                starts[starts.size() / 2] * 1e3, starts.front() * 1e3, cpus[cpus.size() / 2] * 1e3, starts.size());
  } else {
    std::printf("(no binary at %s: CLI memory and start-up not measured)\n", binary.c_str());
  }
  if (ownDir) fs::remove_all(dir);
  return 0;
}
