#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string flowsDir = "flows";
  std::vector<std::string> maps;
  bool dryRun = false;
  bool deleteMissing = false;
  ApiOptions api;
};

}  // namespace

void registerDeploy(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("deploy", "Clone, validate every flow, then update each namespace");
  cmd->add_option("--flows-dir", o->flowsDir, "Folder whose sub-folders are namespaces")->capture_default_str();
  cmd->add_option("--map", o->maps, "DIR=NAMESPACE, repeatable (instead of folder names)");
  cmd->add_flag("--dry-run", o->dryRun, "Print the per-namespace diff; write nothing");
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing, "Delete flows missing from the repository");
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "deploy";
    ctx.action = []() -> int { throw CommandError(ExitCode::Failure, "deploy is not available in this build yet"); };
  });
}

}  // namespace kcicd::cli
