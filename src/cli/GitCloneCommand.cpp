// `kestra-cicd git clone`: options → git::CloneOptions, progress → Console, result → outputs frame.
#include <memory>

#include "Commands.h"
#include "GitOptions.h"
#include "git/Clone.h"
#include "git/RemoteUrl.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {
int runClone(Context& ctx, const GitCloneFlags& o) {
  git::CloneOptions options = toCloneOptions(ctx, o);
  git::CloneResult result;
  {
    CloneProgress progress(ctx);
    result = git::clone(options, progress);
  }
  std::string at = result.branch.empty() ? result.ref + " (detached HEAD)" : "branch " + result.branch;
  ctx.console->outLine("Cloned " + git::parseRemoteUrl(o.url).withoutPassword + " into " + result.directory.string() +
                   ": " + at + " at " + result.commit);
  ctx.console->outputs({{"directory", result.directory.string()},
                        {"commit", result.commit},
                        {"ref", result.ref},
                        {"branch", result.branch.empty() ? Json(nullptr) : Json(result.branch)}});
  ctx.console->counter("git.bytes_received", double(result.bytesReceived));
  ctx.console->counter("git.objects", double(result.objects));
  ctx.console->timer("git.clone.duration", result.seconds);
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerGitClone(CLI::App& git, Context& ctx) {
  auto o = std::make_shared<GitCloneFlags>();
  CLI::App* cmd = git.add_subcommand(kGitClone.name, kGitClone.description);
  addGitCloneFlags(*cmd, *o, /*forDeploy=*/false);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "git clone";
    ctx.action = [&ctx, o]() -> int { return runClone(ctx, *o); };
  });
}

}  // namespace kcicd::cli
