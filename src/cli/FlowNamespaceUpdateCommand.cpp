// `flow namespace update <namespace> <path>`: the JVM CLI command Kestra 2.0 removed, done flow by flow
// (GET, then POST, PUT or DELETE per flow, like kestractl's `flows deploy`) instead of through Kestra's
// bulk route, which cuts flows on every "---" and half applies a failed update
// (kestra-server-behaviour.md). Every flow is validated on the server before the first write, and a
// failed write is rolled back (pipeline/NamespaceUpdate.h).
#include <chrono>
#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "FlowReport.h"
#include "GitOptions.h"
#include "KestraOutput.h"
#include "KestraClientConfig.h"
#include "KestraNames.h"
#include "SizeOption.h"
#include "UpdateOutput.h"
#include "flow/FlowFiles.h"
#include "pipeline/LocalFlows.h"
#include "pipeline/NamespaceUpdate.h"
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
  WriteOptions write;
};

std::vector<pipeline::FlowFile> readFiles(const Options& o) {
  auto files = flow::collectFlowFiles({o.path});
  auto sources = readFlowSources(files, o.maxFileSize);
  std::vector<pipeline::FlowFile> out;
  for (std::size_t i = 0; i < files.size(); ++i) out.push_back({o.ns, files[i].string(), std::move(sources[i])});
  return out;
}

std::vector<DocumentRef> refsOf(const std::vector<pipeline::FlowFile>& files) {
  std::vector<std::string> names, sources;
  for (const auto& f : files) {
    names.push_back(f.display);
    sources.push_back(f.source);
  }
  return documentRefs(names, sources);
}

// The report's flow results and summary (docs/report-schema.json), added to `report`.
void addResults(Json& report, const std::vector<DocumentRef>& refs, const std::vector<pipeline::FlowProblem>& problems, const pipeline::UpdateReport* r) {
  const pipeline::ApplyReport* apply = r && r->apply ? &*r->apply : nullptr;
  report["documents"] = flowResults(refs, problems, r ? &r->plan : nullptr, apply);
  report["summary"] = resultsSummary(report["documents"]);
}

// Refused before anything was written: every refused flow, then exit 1.
[[noreturn]] void refuse(Context& ctx, const Options& o, const std::vector<DocumentRef>& refs, const std::vector<pipeline::FlowProblem>& problems, const std::string& what) {
  OutputFormat format = parseOutputFormat(o.format);
  Json report{{"namespace", o.ns}, {"dryRun", o.dryRun}};
  addResults(report, refs, problems, nullptr);
  if (format == OutputFormat::Json) ctx.console->json(report);
  else printInvalidResults(ctx, format, report["documents"]);
  if (format == OutputFormat::Github) ctx.console->workflowCommand(githubSummary(report["summary"]));
  ctx.console->outputs(report);
  resultMetrics(ctx, report["summary"]);
  throw CommandError(ExitCode::Failure, "namespace '" + o.ns + "' was not updated: " +
                                            std::to_string(problems.size()) + " " + what);
}

int report(Context& ctx, const Options& o, const std::vector<DocumentRef>& refs, const pipeline::UpdateReport& r, double seconds) {
  OutputFormat format = parseOutputFormat(o.format);
  const pipeline::ApplyReport* apply = r.apply ? &*r.apply : nullptr;
  Json summary{{"namespace", o.ns}, {"dryRun", o.dryRun}};
  summary.update(countsJson(r.plan, apply, o.ns));
  addResults(summary, refs, {}, &r);
  if (apply) addFailureJson(summary, r.plan, *apply);
  if (format == OutputFormat::Json) {
    ctx.console->json(summary);
  } else if (!apply) {
    printFlows(ctx, r.plan, nullptr, o.ns);
    ctx.console->outLine("Dry run for namespace '" + o.ns + "': " + summary["added"].dump() + " added, " +
                     summary["updated"].dump() + " updated, " + summary["unchanged"].dump() + " unchanged, " +
                     summary["deleted"].dump() + " deleted; nothing was written.");
  } else if (apply->applied()) {
    ctx.console->outLine(std::to_string(r.plan.writes.size()) + " flow(s) for namespace '" + o.ns +
                     "' successfully updated!");
    printFlows(ctx, r.plan, apply, o.ns);
  }
  if (apply && !apply->applied()) printFailure(ctx, r.plan, *apply, workingDirectory(ctx) / "kestra-cicd-restore");
  if (format == OutputFormat::Github) ctx.console->workflowCommand(githubSummary(summary["summary"]));
  ctx.console->outputs(summary);
  resultMetrics(ctx, summary["summary"]);
  if (apply) {
    updateMetrics(ctx, r.plan, *apply);
    ctx.console->timer("flows.namespace.update.duration", seconds, {{"namespace", o.ns}});
  }
  return toInt(apply && !apply->applied() ? ExitCode::Remote : ExitCode::Ok);
}

int update(Context& ctx, const Options& o) {
  auto start = std::chrono::steady_clock::now();
  auto files = readFiles(o);
  auto refs = refsOf(files);
  auto local = pipeline::readLocalFlows(
      files, {o.overrideNamespaces, " (Kestra would refuse it; use --override-namespaces)", "", false});
  if (!local.problems.empty()) refuse(ctx, o, refs, local.problems, "problem(s); nothing was sent");
  kestra::ClientPool pool(makeClientConfig(ctx, o.api), o.write.parallel);
  pipeline::UpdateOptions options{true, o.dryRun, o.deleteMissing, !o.write.noRollback};
  auto r = pipeline::updateNamespaces(pool, local.flows, {o.ns}, options);
  if (!r.problems.empty()) refuse(ctx, o, refs, r.problems, "flow(s) refused; nothing was written");
  return report(ctx, o, refs, r,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace

void registerFlowNamespaceUpdate(CLI::App& flowNamespace, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = flowNamespace.add_subcommand(kFlowNamespaceUpdate.name, kFlowNamespaceUpdate.description);
  cmd->add_option("namespace", o->ns, "Target namespace")->required()->check(kestraNamespace());
  cmd->add_option("path", o->path, "Flow file or directory")->required();
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing,
                "Delete flows of the namespace that are not in <path> (default: --no-delete)");
  cmd->add_flag("--override-namespaces,!--no-override-namespaces", o->overrideNamespaces,
                "Write every flow to <namespace>, rewriting its namespace: line (nothing else changes)");
  cmd->add_flag("--dry-run", o->dryRun, "Show ADDED/UPDATED/UNCHANGED/DELETED per flow; write nothing");
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  addSizeOption(*cmd, "--max-file-size", o->maxFileSize, "Largest flow file read, e.g. 10MiB");
  addWriteOptions(*cmd, o->write);
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
