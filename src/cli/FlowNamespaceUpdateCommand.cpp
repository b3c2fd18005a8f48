// `flow namespace update <namespace> <path>`: POST /api/v1/{tenant}/flows/{namespace} (cli-and-api.md §2),
// or with --dry-run a per-flow plan computed from GET /flows/{namespace} and each flow's source.
#include <chrono>
#include <map>
#include <memory>
#include <set>

#include "ApiOptions.h"
#include "Commands.h"
#include "KestraClientConfig.h"
#include "SizeOption.h"
#include "flow/FlowFiles.h"
#include "flow/FlowIdentity.h"
#include "kestra/Errors.h"
#include "kestra/FlowDocuments.h"
#include "kestra/KestraClient.h"
#include "kestra/NamespaceDiff.h"
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
  std::uint64_t maxFileSize = flow::kDefaultMaxFileBytes;
  ApiOptions api;
};

Json ids(const std::vector<kestra::FlowRef>& flows) {
  Json out = Json::array();
  for (const auto& f : flows) out.push_back(f.id);
  return out;
}

// Local flows, one per YAML document, with the namespace check the server would make.
std::vector<kestra::FlowSource> localFlows(const Options& o, const std::vector<std::filesystem::path>& files,
                                          const std::vector<std::string>& sources) {
  std::vector<kestra::FlowSource> flows;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    for (std::string_view document : kestra::splitLikeValidate(sources[i])) {
      if (document.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
      auto identity = flow::readFlowIdentity(document);
      if (!identity)
        throw CommandError(ExitCode::Failure, "flow file '" + files[i].string() +
                                                  "' has no top-level id and namespace (is it a flow?)");
      if (identity->ns != o.ns && !o.overrideNamespaces)
        throw CommandError(ExitCode::Failure, "flow '" + identity->id + "' in '" + files[i].string() +
                                                  "' has namespace '" + identity->ns + "', not '" + o.ns +
                                                  "' (Kestra would refuse it; use --override-namespaces)");
      flows.push_back({identity->id, std::string(document)});
    }
  }
  return flows;
}

int dryRun(Context& ctx, const Options& o, kestra::KestraClient& client,
           const std::vector<std::filesystem::path>& files, const std::vector<std::string>& sources) {
  auto local = localFlows(o, files, sources);
  std::vector<kestra::FlowSource> remote;
  std::set<std::string> localIds;
  for (const auto& f : local) localIds.insert(f.id);
  for (const auto& flow : client.listFlows(o.ns)) {
    std::string source = flow.source.value_or("");
    if (!flow.source && localIds.count(flow.id)) source = client.flowSource(o.ns, flow.id).value_or("");
    remote.push_back({flow.id, source});
  }
  auto changes = kestra::diffNamespace(local, remote, o.deleteMissing);
  std::map<kestra::FlowChangeKind, Json> byKind;
  for (auto kind : {kestra::FlowChangeKind::Added, kestra::FlowChangeKind::Updated, kestra::FlowChangeKind::Unchanged,
                    kestra::FlowChangeKind::Deleted})
    byKind[kind] = Json::array();
  Json flows = Json::array();
  for (const auto& change : changes) {
    byKind[change.kind].push_back(change.id);
    Json item{{"id", change.id}, {"change", std::string(kestra::toString(change.kind))}};
    if (!change.diff.empty()) item["diff"] = change.diff;
    flows.push_back(item);
    if (o.format == "text") {
      ctx.console->out(std::string(kestra::toString(change.kind)) + " " + o.ns + "." + change.id);
      if (!change.diff.empty()) ctx.console->out(change.diff.substr(0, change.diff.size() - 1));
    }
  }
  Json summary{{"namespace", o.ns},
               {"dryRun", true},
               {"added", byKind[kestra::FlowChangeKind::Added].size()},
               {"updated", byKind[kestra::FlowChangeKind::Updated].size()},
               {"unchanged", byKind[kestra::FlowChangeKind::Unchanged].size()},
               {"deleted", byKind[kestra::FlowChangeKind::Deleted].size()},
               {"flows", flows}};
  if (o.format == "json")
    ctx.console->out(summary.dump(2));
  else
    ctx.console->out("Dry run for namespace '" + o.ns + "': " + summary["added"].dump() + " added, " +
                     summary["updated"].dump() + " updated, " + summary["unchanged"].dump() + " unchanged, " +
                     summary["deleted"].dump() + " deleted; nothing was written.");
  ctx.console->outputs(summary);
  return toInt(ExitCode::Ok);
}

int update(Context& ctx, const Options& o) {
  auto files = flow::collectFlowFiles({o.path});
  auto sources = readFlowSources(files, o.maxFileSize);
  kestra::KestraClient client(makeClientConfig(ctx, o.api));
  if (o.dryRun) return dryRun(ctx, o, client, files, sources);

  auto start = std::chrono::steady_clock::now();
  kestra::NamespaceUpdateResult result;
  try {
    result = client.updateNamespace(o.ns, sources, o.deleteMissing, o.overrideNamespaces);
  } catch (const kestra::HttpError& e) {
    if (e.status() != 422) throw;
    // Kestra refused the flows (constraint violations): nothing was written.
    ctx.console->err("\tUnable to parse flows due to the following error:");
    if (e.apiError().errors.empty()) ctx.console->err("\t- " + e.apiError().message);
    for (const auto& line : e.apiError().errors) ctx.console->err("\t- " + line);
    throw CommandError(ExitCode::Failure, "namespace '" + o.ns + "' was not updated: " + e.apiError().summary());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  Json summary{{"namespace", o.ns},
               {"created", result.created.size()},
               {"updated", result.updated.size()},
               {"deleted", result.deleted.size()},
               {"createdFlows", ids(result.created)},
               {"updatedFlows", ids(result.updated)},
               {"deletedFlows", ids(result.deleted)}};
  if (o.format == "json") {
    ctx.console->out(summary.dump(2));
  } else {
    ctx.console->out(std::to_string(result.total()) + " flow(s) for namespace '" + o.ns + "' successfully updated!");
    for (const auto* list : {&result.created, &result.updated, &result.deleted})
      for (const auto& f : *list) ctx.console->out("- " + f.ns + "." + f.id);
  }
  ctx.console->outputs(summary);
  ctx.console->counter("flows.created", static_cast<double>(result.created.size()), {{"namespace", o.ns}});
  ctx.console->counter("flows.updated", static_cast<double>(result.updated.size()), {{"namespace", o.ns}});
  ctx.console->counter("flows.deleted", static_cast<double>(result.deleted.size()), {{"namespace", o.ns}});
  ctx.console->timer("namespace.update.duration", seconds, {{"namespace", o.ns}});
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerFlowNamespaceUpdate(CLI::App& flowNamespace, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = flowNamespace.add_subcommand(kFlowNamespaceUpdate.name, kFlowNamespaceUpdate.description);
  cmd->add_option("namespace", o->ns, "Target namespace")->required();
  cmd->add_option("path", o->path, "Flow file or directory")->required();
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing,
                "Delete flows of the namespace that are not in <path> (default: --no-delete)");
  cmd->add_flag("--override-namespaces,!--no-override-namespaces", o->overrideNamespaces,
                "Replace the namespace of every flow by <namespace> (done by the server, Kestra ≥ 0.23)");
  cmd->add_flag("--dry-run", o->dryRun, "Show ADDED/UPDATED/UNCHANGED/DELETED per flow; write nothing");
  cmd->add_option("--format", o->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  addSizeOption(*cmd, "--max-file-size", o->maxFileSize, "Largest flow file read, e.g. 10MiB");
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "flow namespace update";
    ctx.action = [&ctx, o] {
      if (o->ns.empty()) throw UsageError("<namespace> must not be empty");
      return update(ctx, *o);
    };
  });
}

}  // namespace kcicd::cli
