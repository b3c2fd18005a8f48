// `flow revisions <namespace> <id>`: the stored revisions of a flow, newest first.
#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "KestraClientConfig.h"
#include "KestraNames.h"
#include "kestra/KestraClient.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string ns, id;
  std::string format = "text";
  ApiOptions api;
};

int list(Context& ctx, const Options& o) {
  kestra::KestraClient client(makeClientConfig(ctx, o.api));
  auto revisions = client.revisions(o.ns, o.id);
  if (revisions.empty())
    throw CommandError(ExitCode::Failure, "flow '" + o.ns + "." + o.id + "' does not exist on the server");
  Json items = Json::array();
  for (auto it = revisions.rbegin(); it != revisions.rend(); ++it) items.push_back(it->revision);
  Json out = Json::object();
  out["namespace"] = o.ns;
  out["id"] = o.id;
  out["current"] = revisions.back().revision;
  out["revisions"] = items;
  if (o.format == "json") {
    ctx.console->json(out);
  } else {
    for (auto it = revisions.rbegin(); it != revisions.rend(); ++it)
      ctx.console->outLine("revision " + std::to_string(it->revision) + (it == revisions.rbegin() ? " (current)" : ""));
  }
  ctx.console->outputs(out);
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerFlowRevisions(CLI::App& flow, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = flow.add_subcommand(kFlowRevisions.name, kFlowRevisions.description);
  cmd->add_option("namespace", o->ns, "The flow's namespace")->required()->check(kestraNamespace());
  cmd->add_option("id", o->id, "The flow's id")->required()->check(kestraFlowId());
  cmd->add_option("--format", o->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow revisions";
    ctx.action = [&ctx, o] { return list(ctx, *o); };
  });
}

}  // namespace kcicd::cli
