#pragma once
// Git clone options shared by `git clone` and `deploy`: flags → git::CloneOptions (credentials from the
// environment), and clone progress rendered through the Console.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "Context.h"
#include "git/CloneOptions.h"

namespace kcicd::cli {

struct GitCloneFlags {
  std::string url;
  std::string directory = ".";
  std::string branch, tag, commit;
  int depth = 1;
  std::string username;
  std::vector<std::string> credentialOrigins;  // --git-credential-origin (both commands)
  bool submodules = false;
  bool fresh = false;  // deploy --fresh
  std::string caCert;
  bool insecure = false;
  std::string knownHosts;
  bool acceptUnknownHostKey = false;
  int connectTimeout = 10;
  int readTimeout = 60;
  std::uint64_t maxCloneSize = git::kDefaultMaxCloneBytes;  // --max-clone-size (both commands)
  int timeout = 600;                                        // --git-timeout (both commands)
};

// `git clone`: <url> positional, --ca-cert, --insecure, --connect-timeout, --read-timeout. Both:
// --git-credential-origin (one name: "credential" alone would be ambiguous in deploy), --max-clone-size and
// --git-timeout (one name: the limit errors of src/git name them). `deploy`
// (forDeploy): --repo, --directory defaulting to "repo", and --git-ca-cert, --git-insecure,
// --git-connect-timeout, --git-read-timeout (the plain names belong to the Kestra server there).
void addGitCloneFlags(CLI::App& command, GitCloneFlags& flags, bool forDeploy);

// The clone's options, credentials read through ctx.secrets (GIT_USERNAME, GIT_PASSWORD, GIT_SSH_KEY,
// GIT_SSH_PASSPHRASE). An empty url is allowed unless `urlRequired` (deploy takes it from a webhook).
// Throws UsageError naming the flag or variable on bad input.
git::CloneOptions toCloneOptions(Context& ctx, const GitCloneFlags& flags, bool urlRequired = true);

// WORKING_DIR under Kestra, else the current directory: where relative paths of a command live.
std::filesystem::path workingDirectory(const Context& ctx);

// A live "\r" line on a terminal; under Kestra one log line every few seconds; otherwise quiet.
class CloneProgress final : public git::CloneObserver {
 public:
  explicit CloneProgress(Context& ctx);
  ~CloneProgress() override;
  void transfer(const git::TransferProgress& p) override;
  void info(const std::string& message) override;
  void warning(const std::string& message) override;
  void endLine();

 private:
  Context& ctx_;
  bool tty_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
  bool lineOpen_ = false;
  bool doneShown_ = false;  // the final "all indexed" line, shown once
};

}  // namespace kcicd::cli
