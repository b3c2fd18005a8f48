#pragma once
// A Git repository made with the git CLI for clone tests: a bare repository (served by the tests)
// with this history, pushed from a scratch work tree:
//   main:    c1 (tag v1, lightweight) ← c2 (tag v2, annotated) ← c4
//   feature: c2 ← c3
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "Process.h"

namespace kcicd::test {

inline ProcessResult runGit(const std::filesystem::path& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", dir.string(), "-c", "user.name=Kestra Test", "-c",
                                "user.email=test@kestra.invalid", "-c", "init.defaultBranch=main",
                                "-c", "protocol.file.allow=always"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions o;
  o.env = {{"GIT_TERMINAL_PROMPT", "0"}};
  return run(argv, o);
}

inline std::string gitOut(const std::filesystem::path& dir, std::vector<std::string> args) {
  auto r = runGit(dir, std::move(args));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

struct TestRepo {
  std::filesystem::path bare, work;
  std::string c1, c2, c3, c4;

  // Creates `<root>/<name>.git` (bare) and fills it.
  TestRepo(const std::filesystem::path& root, const std::string& name = "repo") {
    bare = root / (name + ".git");
    work = root / (name + "-work");
    std::filesystem::create_directories(work);
    gitOut(root, {"init", "-q", "--bare", bare.string()});
    gitOut(work, {"init", "-q"});
    gitOut(work, {"remote", "add", "origin", bare.string()});
    c1 = commit("README.md", "# " + name + "\n", "first");
    gitOut(work, {"tag", "v1"});
    c2 = commit("flows/hello.yml", "id: hello\nnamespace: company.team\n", "second");
    gitOut(work, {"tag", "-a", "v2", "-m", "release 2"});
    gitOut(work, {"checkout", "-q", "-b", "feature"});
    c3 = commit("feature.txt", "feature\n", "third");
    gitOut(work, {"checkout", "-q", "main"});
    c4 = commit("README.md", "# " + name + "\nmore\n", "fourth");
    gitOut(work, {"push", "-q", "origin", "main", "feature", "--tags"});
    gitOut(bare, {"symbolic-ref", "HEAD", "refs/heads/main"});
  }

  std::string commit(const std::string& file, const std::string& content, const std::string& message) {
    std::filesystem::create_directories((work / file).parent_path());
    writeFile(work / file, content);
    gitOut(work, {"add", file});
    gitOut(work, {"commit", "-q", "-m", message});
    return gitOut(work, {"rev-parse", "HEAD"});
  }
};

// Commits everything in `work` (a new repository) as its first commit.
inline void commitWorkTree(const std::filesystem::path& work, const std::string& message) {
  gitOut(work, {"init", "-q"});
  gitOut(work, {"add", "-A"});
  gitOut(work, {"commit", "-q", "-m", message});
}

// `<root>/<name>.git`, a bare repository whose one commit holds flow.yml and data.bin = `blob`.
inline std::filesystem::path bareRepoWithBlob(const std::filesystem::path& root, const std::string& name,
                                              const std::string& blob) {
  std::filesystem::path work = root / (name + "-work");
  std::filesystem::create_directories(work);
  writeFile(work / "flow.yml", "id: hello\nnamespace: company.team\n");
  writeFile(work / "data.bin", blob);
  commitWorkTree(work, name);
  std::filesystem::path bare = root / (name + ".git");
  gitOut(root, {"clone", "-q", "--bare", work.string(), bare.string()});
  return bare;
}

// Incompressible bytes (the same for a seed): a pack as large as its content.
inline std::string randomBytes(std::size_t size, unsigned seed = 11) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (auto& c : bytes) c = static_cast<char>(random());
  return bytes;
}

}  // namespace kcicd::test
