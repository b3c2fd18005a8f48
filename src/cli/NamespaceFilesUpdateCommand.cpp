// `namespace files update <namespace> <from> [<to>]`: the JVM CLI command Kestra 2.0 removed
// (NamespaceFilesUpdateCommand, kestra-io/kestra 1.x: upload every file of <from> to <to>, "/" by default;
// with --delete, first delete <to> on the server). Here only new and changed files are sent, --delete removes
// just the server files under <to> that the folder lacks, and a failed write is rolled back
// (pipeline/NamespaceFilesUpdate.h).
#include <chrono>
#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "GitOptions.h"
#include "FlowReport.h"
#include "KestraClientConfig.h"
#include "KestraOutput.h"
#include "NamespaceFilesOutput.h"
#include "pipeline/NamespaceFilesUpdate.h"
#include "runtime/Errors.h"

namespace kcicd::cli {
namespace {

struct Options {
  std::string ns;
  std::string from;
  std::string to = "/";
  bool deleteMissing = false;
  bool dryRun = false;
  std::string format = "text";
  ApiOptions api;
  WriteOptions write;
};

// The closing notice of --format github: "2 created, 0 updated, 1 unchanged, 0 deleted file(s) in 'ns' under '/'".
std::string filesSummary(const Json& report) {
  std::string out;
  for (const char* key : {"created", "updated", "unchanged", "deleted"}) {
    const char* word = report["dryRun"].get<bool>() && std::string(key) == "created" ? "added" : key;
    out += (out.empty() ? "" : ", ") + report.value(word, Json(0)).dump() + " " + word;
  }
  return out + " file(s) in '" + report["namespace"].get<std::string>() + "' under '" + report["to"].get<std::string>() + "'";
}

int update(Context& ctx, const Options& o) {
  auto start = std::chrono::steady_clock::now();
  auto local = pipeline::collectNamespaceFiles(o.from, o.to);
  if (!local.problems.empty()) {
    for (const auto& p : local.problems) {
      if (o.format == "github")
        ctx.console->workflowCommand(githubAnnotation("error", {p.file, p.line, p.column, "kestra-cicd"}, p.message));
      else ctx.console->err(errorLine(p.message, "", p.file, p.line, p.column));
    }
    throw CommandError(ExitCode::Failure, "the files of namespace '" + o.ns + "' were not updated: " +
                                              std::to_string(local.problems.size()) + " problem(s); nothing was sent");
  }
  kestra::ClientPool pool(makeClientConfig(ctx, o.api), o.write.parallel);
  bool rollback = !o.write.noRollback;
  auto plan = pipeline::planFiles(pool, o.ns, pipeline::normaliseTarget(o.to), local.files, o.deleteMissing,
                                  rollback && !o.dryRun);
  std::optional<pipeline::ApplyReport> apply;
  if (!o.dryRun) apply = pipeline::applyFiles(pool, plan, rollback);
  const pipeline::ApplyReport* applied = apply ? &*apply : nullptr;

  Json report = filesReportJson(plan, applied);
  if (o.format == "json") ctx.console->json(report);
  else printFiles(ctx, plan, applied);
  if (apply && !apply->applied()) printFilesFailure(ctx, plan, *apply, workingDirectory(ctx) / "kestra-cicd-restore");
  if (o.format == "github") ctx.console->workflowCommand(githubAnnotation("notice", {{}, 0, 0, "kestra-cicd"}, filesSummary(report)));
  ctx.console->outputs(report);
  if (apply) {
    filesMetrics(ctx, plan, *apply);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ctx.console->timer("namespace.files.update.duration", seconds, {{"namespace", o.ns}});
  }
  return toInt(apply && !apply->applied() ? ExitCode::Remote : ExitCode::Ok);
}

}  // namespace

void registerNamespaceFilesUpdate(CLI::App& namespaceFiles, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = namespaceFiles.add_subcommand(kNamespaceFilesUpdate.name, kNamespaceFilesUpdate.description);
  cmd->add_option("namespace", o->ns, "Target namespace")->required();
  cmd->add_option("from", o->from, "Local folder whose files are uploaded")->required();
  cmd->add_option("to", o->to, "Folder of the namespace's files to upload to")->capture_default_str();
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing,
                "Delete the namespace's files under <to> that are not in <from> (default: --no-delete)");
  cmd->add_flag("--dry-run", o->dryRun, "Show ADDED/UPDATED/UNCHANGED/DELETED per file; write nothing");
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  addWriteOptions(*cmd, o->write);
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "namespace files update";
    ctx.action = [&ctx, o] {
      if (o->ns.empty()) throw UsageError("<namespace> must not be empty");
      return update(ctx, *o);
    };
  });
}

}  // namespace kcicd::cli
