// Clone progress: a live "\r" line on a terminal, and under Kestra at most one progress log line per
// 5 s — never one per object. The clone is slowed down by a ThrottledProxy in front of lighttpd.
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <random>
#include <sstream>

#include "CloneSupport.h"
#include "ThrottledProxy.h"

using namespace kcicd::test;
namespace fs = std::filesystem;

namespace {

constexpr int kObjects = 400;  // small files: far more objects than progress lines may be

// A repository of kObjects small files and one incompressible blob of `blobBytes`, served over HTTP.
struct SlowRepoFixture {
  TempDir tmp;
  fs::path repos = tmp / "repos";
  fs::path state = tmp / "state";
  fs::path wd = tmp / "wd";
  std::unique_ptr<HttpGitServer> server;

  explicit SlowRepoFixture(std::size_t blobBytes) {
    fs::create_directories(repos);
    fs::create_directories(state);
    fs::create_directories(wd);
    fs::path work = tmp / "work";
    fs::create_directories(work / "flows");
    for (int i = 0; i < kObjects; ++i)
      writeFile(work / "flows" / ("flow_" + std::to_string(i) + ".yml"),
                "id: flow_" + std::to_string(i) + "\nnamespace: company.team\n");
    std::mt19937_64 random(42);
    std::string blob(blobBytes, '\0');
    for (auto& c : blob) c = static_cast<char>(random());
    writeFile(work / "data.bin", blob);
    gitOut(work, {"init", "-q"});
    gitOut(work, {"add", "-A"});
    gitOut(work, {"commit", "-q", "-m", "many objects"});
    gitOut(tmp.path(), {"clone", "-q", "--bare", work.string(), (repos / "repo.git").string()});
    server = std::make_unique<HttpGitServer>(repos, state);
  }
  RunOptions env(bool underKestra) const {
    RunOptions o;
    o.cwd = wd;
    o.env = {{"GIT_USERNAME", server->user}, {"GIT_PASSWORD", server->password}};
    o.unsetEnv = {"KESTRA_CICD_FRAMES"};
    if (underKestra) o.env["WORKING_DIR"] = wd.string();
    else o.unsetEnv.push_back("WORKING_DIR");
    o.timeout = std::chrono::seconds(60);
    return o;
  }
  std::string url(const ThrottledProxy& proxy) const {
    return "http://127.0.0.1:" + std::to_string(proxy.port) + "/git/repo.git";
  }
};

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

TEST_CASE("on a terminal the clone shows one live progress line updated with \\r", "[git][http][progress]") {
  SlowRepoFixture f(600 * 1024);
  ThrottledProxy proxy(f.server->port, 400 * 1024);  // ~2 s
  // script(1) runs the clone on a pseudo-terminal: stderr is a TTY, no Kestra frames.
  std::string command = shellQuote(KCICD_BINARY) + " git clone " + shellQuote(f.url(proxy)) + " --directory src";
  auto started = std::chrono::steady_clock::now();
  auto r = run({"script", "-qec", command, "/dev/null"}, f.env(false));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO("exit " << r.exitCode << " after " << seconds << " s\n" << r.out << r.err);
  REQUIRE(r.exitCode == 0);
  REQUIRE(fs::exists(f.wd / "src" / "data.bin"));
  CHECK(seconds > 1);  // the proxy slowed it down: there was time for several updates
  size_t updates = count(r.out, "\rReceiving objects: ");
  CHECK(updates >= 3);                            // live: updated in place while receiving
  CHECK(updates <= seconds * 10 + 3);             // at most every 100 ms, never per object
  CHECK(count(r.out, "\nReceiving objects: ") == 0);  // never a new line per update
  CHECK(r.out.find("\x1b[K") != std::string::npos);   // each update clears the rest of the line
  std::string all = std::to_string(kObjects + 4);  // the files, data.bin, two trees, the commit
  CHECK(r.out.find("Receiving objects: " + all + "/" + all) != std::string::npos);  // the final state is shown
  CHECK(r.out.find("::{") == std::string::npos);  // no Kestra frames on a terminal
}

TEST_CASE("under Kestra a slow clone logs at most one progress line per 5 s, never one per object",
          "[git][http][progress]") {
  SlowRepoFixture f(1200 * 1024);
  ThrottledProxy proxy(f.server->port, 110 * 1024);  // ~11 s
  auto o = f.env(true);
  // Each stdout line is stamped on arrival (stdout is a pipe, not a terminal, as in a Kestra task).
  std::string command = shellQuote(KCICD_BINARY) + " git clone " + shellQuote(f.url(proxy)) +
                        " --directory src | while IFS= read -r line; do echo \"$(date +%s.%N) $line\"; done;"
                        " exit ${PIPESTATUS[0]}";
  auto started = std::chrono::steady_clock::now();
  auto r = run({"bash", "-c", command}, o);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO("exit " << r.exitCode << " after " << seconds << " s\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  REQUIRE(r.exitCode == 0);
  REQUIRE(fs::exists(f.wd / "src" / "data.bin"));
  REQUIRE(seconds > 6);  // long enough for more than one 5 s window

  std::vector<double> stamps;
  std::stringstream lines(r.out);
  std::string line;
  size_t progressLines = 0;
  while (std::getline(lines, line)) {
    auto space = line.find(' ');
    REQUIRE(space != std::string::npos);
    std::string frame = line.substr(space + 1);
    if (frame.find("Receiving objects") == std::string::npos) continue;
    ++progressLines;
    auto logs = logMessages(frame, "INFO");
    REQUIRE(logs.size() == 1);  // a Kestra log frame, one message
    CHECK(logs[0].rfind("Receiving objects: ", 0) == 0);
    stamps.push_back(std::stod(line.substr(0, space)));
  }
  CHECK(progressLines >= 2);                               // progress is logged during a long clone
  CHECK(progressLines <= static_cast<size_t>(seconds / 5) + 1);  // at most one per 5 s window
  CHECK(progressLines < kObjects / 10);                    // never one per object
  for (size_t i = 1; i < stamps.size(); ++i) CHECK(stamps[i] - stamps[i - 1] >= 4.8);
  CHECK(r.err.find("Receiving objects") == std::string::npos);  // no terminal line under Kestra
}
