#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string ns;
  std::string path;
  bool deleteMissing = false;
  bool overrideNamespaces = false;
  bool dryRun = false;
  std::string format = "text";
  ApiOptions api;
};

}  // namespace

void registerFlowNamespaceUpdate(CLI::App& flowNamespace, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = flowNamespace.add_subcommand("update", "Create or update every flow of a namespace from files");
  cmd->add_option("namespace", o->ns, "Target namespace")->required();
  cmd->add_option("path", o->path, "Flow file or directory")->required();
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing,
                "Delete flows of the namespace that are not in <path> (default: --no-delete)");
  cmd->add_flag("--override-namespaces,!--no-override-namespaces", o->overrideNamespaces,
                "Replace the namespace of every flow by <namespace>");
  cmd->add_flag("--dry-run", o->dryRun, "Show ADDED/UPDATED/UNCHANGED/DELETED per flow; write nothing");
  cmd->add_option("--format", o->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow namespace update";
    ctx.action = []() -> int {
      throw CommandError(ExitCode::Failure, "flow namespace update is not available in this build yet");
    };
  });
}

}  // namespace kcicd::cli
