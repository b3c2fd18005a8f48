#include <memory>

#include "Commands.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string url;
  std::string directory = ".";
  std::string branch, tag, commit;
  int depth = 1;
  bool submodules = false;
};

}  // namespace

void registerGitClone(CLI::App& git, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = git.add_subcommand("clone", "Clone a Git repository (like io.kestra.plugin.git.Clone)");
  cmd->add_option("url", o->url, "Repository URL: https://, http://, ssh://, user@host:path, git://")->required();
  cmd->add_option("--directory", o->directory, "Target directory inside the working directory")
      ->capture_default_str();
  auto* branch = cmd->add_option("--branch", o->branch, "Branch to check out (default: the remote's HEAD)");
  auto* tag = cmd->add_option("--tag", o->tag, "Tag to check out (detached HEAD)");
  auto* commit = cmd->add_option("--commit", o->commit, "Commit SHA, full or short, to check out (detached HEAD)");
  branch->excludes(tag)->excludes(commit);
  tag->excludes(commit);
  cmd->add_option("--depth", o->depth, "History depth; 0 = full history")->capture_default_str();
  cmd->add_flag("--submodules", o->submodules, "Clone submodules recursively");
  cmd->callback([&ctx, o] {
    ctx.commandPath = "git clone";
    ctx.action = []() -> int {
      throw CommandError(ExitCode::Failure, "git clone is not available in this build yet");
    };
  });
}

}  // namespace kcicd::cli
