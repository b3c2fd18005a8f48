#include <memory>

#include "Commands.h"
#include "FlowValidate.h"

namespace kcicd::cli {

void registerFlowValidate(CLI::App& flow, Context& ctx) {
  auto o = std::make_shared<FlowValidateOptions>();
  CLI::App* cmd = flow.add_subcommand("validate", "Validate flow files, offline (--local) or on a Kestra server");
  cmd->add_option("path", o->paths, "Flow files or directories (walked recursively for *.yml, *.yaml)")
      ->required();
  cmd->add_flag("--local", o->local, "Validate offline, without a server");
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  cmd->add_option("--plugin-schema", o->pluginSchema,
                  "JSON Schema from GET /api/v1/plugins/schemas/flow to check every task and trigger (--local)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--kestra-version", o->kestraVersion, "Kestra version whose rules apply (--local): 1.3 or 0.21")
      ->check(CLI::IsMember({"1.3", "1.x", "0.21", "0.x"}))
      ->capture_default_str();
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow validate";
    ctx.action = [&ctx, o] { return o->local ? runLocalValidate(ctx, *o) : runServerValidate(ctx, *o); };
  });
}

}  // namespace kcicd::cli
