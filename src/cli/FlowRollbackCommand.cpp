// `flow rollback <namespace> <id> [--revision N] [--dry-run]`: puts an older revision's source back
// (pipeline/FlowRollback.h).
#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "KestraClientConfig.h"
#include "KestraNames.h"
#include "pipeline/FlowRollback.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string ns, id;
  int revision = 0;  // 0: the revision before the current one
  bool dryRun = false;
  std::string format = "text";
  ApiOptions api;
};

int rollback(Context& ctx, const Options& o) {
  kestra::KestraClient client(makeClientConfig(ctx, o.api));
  auto plan = pipeline::planRollback(client, o.ns, o.id, o.revision > 0 ? std::optional<int>(o.revision) : std::nullopt);
  std::string name = o.ns + "." + o.id;
  Json out{{"namespace", o.ns}, {"id", o.id}, {"from", plan.current.revision}, {"to", plan.target.revision},
           {"dryRun", o.dryRun}, {"changed", plan.changes}};
  std::string text;
  if (!plan.changes) {
    text = "flow " + name + ": revision " + std::to_string(plan.target.revision) + " has the current source; nothing to do";
    out["revision"] = plan.current.revision;
  } else if (o.dryRun) {
    text = "flow " + name + " would go back to revision " + std::to_string(plan.target.revision) + "'s source:\n" +
           plan.diff.substr(0, plan.diff.size() - 1) + "\nnothing was written";
    out["revision"] = plan.current.revision;
  } else {
    auto written = pipeline::applyRollback(client, plan);
    out["revision"] = written.revision;
    text = "flow " + name + " rolled back to revision " + std::to_string(plan.target.revision) +
           "'s source (now revision " + std::to_string(written.revision) + ")";
  }
  if (o.format == "json") ctx.console->json(out);
  else ctx.console->out(text);  // the diff of a dry run is several lines
  ctx.console->outputs(out);
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerFlowRollback(CLI::App& flow, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = flow.add_subcommand(kFlowRollback.name, kFlowRollback.description);
  cmd->add_option("namespace", o->ns, "The flow's namespace")->required()->check(kestraNamespace());
  cmd->add_option("id", o->id, "The flow's id")->required()->check(kestraFlowId());
  cmd->add_option("--revision", o->revision, "Revision to restore (default: the one before the current)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--dry-run", o->dryRun, "Show the diff; write nothing");
  cmd->add_option("--format", o->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow rollback";
    ctx.action = [&ctx, o] { return rollback(ctx, *o); };
  });
}

}  // namespace kcicd::cli
