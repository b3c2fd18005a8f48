// `kestra-cicd deploy`: options → pipeline::DeployOptions, then the report → text/json and Kestra frames.
#include <chrono>
#include <memory>

#include "ApiOptions.h"
#include "Commands.h"
#include "FlowReport.h"
#include "GitOptions.h"
#include "KestraOutput.h"
#include "KestraClientConfig.h"
#include "KestraNames.h"
#include "NamespaceFilesOutput.h"
#include "SizeOption.h"
#include "UpdateOutput.h"
#include "WebhookBody.h"
#include "flow/FlowFiles.h"
#include "flow/KestraVersion.h"
#include "pipeline/Deploy.h"
#include "runtime/Errors.h"
#include "webhook/Payload.h"

namespace kcicd::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  GitCloneFlags git;
  std::string flowsDir = "flows";
  std::string filesDir = "files";
  std::vector<std::string> maps;
  std::vector<std::string> filesMaps;
  std::vector<std::string> namespaces;
  bool changedOnly = false;
  std::string readOnly = "off";
  std::string kestraVersion;  // "": the server's
  bool noServerValidate = false;
  bool dryRun = false;
  bool check = false;
  bool deleteMissing = false;
  std::string namespacePrefix;
  bool disableTriggers = false;
  std::string format = "text";
  std::string webhookBody, webhookSignature, webhookEvent, webhookProvider = "auto";
  std::uint64_t maxBodySize = webhook::kMaxBodyBytes;
  std::uint64_t maxFileSize = flow::kDefaultMaxFileBytes;
  std::vector<std::string> allowRepos;
  ApiOptions api;
  WriteOptions write;
};

// Steps and clone progress through the Console (a live line on a terminal, a log line every few seconds under Kestra).
class DeployProgress final : public pipeline::DeployObserver {
 public:
  explicit DeployProgress(Context& ctx) : ctx_(ctx), clone_(ctx) {}
  void step(const std::string& message) override { ctx_.console->log(LogLevel::Info, message); }
  void transfer(const git::TransferProgress& p) override { clone_.transfer(p); }
  void info(const std::string& message) override { clone_.info(message); }
  void warning(const std::string& message) override { clone_.warning(message); }
  void notice(const std::string& message) override {
    clone_.endLine();
    ctx_.console->notice(message);
  }

 private:
  Context& ctx_;
  CloneProgress clone_;
};

pipeline::DeployOptions toDeployOptions(Context& ctx, const Options& o) {
  pipeline::DeployOptions d;
  d.root = workingDirectory(ctx);
  d.flowsDir = o.flowsDir;
  d.filesDir = o.filesDir;
  d.maps = o.maps;
  d.filesMaps = o.filesMaps;
  d.namespaces = o.namespaces;
  d.changedOnly = o.changedOnly;
  d.readOnly = pipeline::parseReadOnlyMode(o.readOnly);
  d.serverValidate = !o.noServerValidate;
  d.dryRun = o.dryRun;
  d.check = o.check;
  d.deleteMissing = o.deleteMissing;
  d.rollback = !o.write.noRollback;
  d.namespacePrefix = o.namespacePrefix;
  d.disableTriggers = o.disableTriggers;
  d.maxFileBytes = o.maxFileSize;
  if (!o.git.url.empty() || !o.webhookBody.empty()) {
    GitCloneFlags git = o.git;
    if (git.directory.empty() || git.directory == ".") git.directory = "repo";
    d.clone = toCloneOptions(ctx, git, /*urlRequired=*/false);
    d.clone->reuseExisting = true;  // a second deploy in the same working directory fetches into its clone
  }
  if (!o.webhookBody.empty()) {
    pipeline::WebhookInput hook;
    hook.body = readWebhookBody("--webhook-body", o.webhookBody, o.maxBodySize);
    hook.signature = o.webhookSignature;
    hook.event = o.webhookEvent;
    hook.provider = webhook::parseProvider(o.webhookProvider);
    auto secret = ctx.secrets.get(secrets::WebhookSecret);
    if (!secret) throw UsageError("--webhook-body needs the webhook secret in WEBHOOK_SECRET (or SECRET_WEBHOOK_SECRET)");
    hook.secret = *secret;
    hook.policy.branch = o.git.branch;
    if (!o.git.url.empty()) hook.policy.repos.push_back(o.git.url);
    hook.policy.patterns = o.allowRepos;
    hook.policy.flowsDir = o.flowsDir;
    hook.policy.filesDir = o.filesDir;
    d.webhook = std::move(hook);
  } else if (o.changedOnly) {
    throw UsageError("--changed-only needs --webhook-body: the changed namespaces come from the push's commits");
  }
  return d;
}

const pipeline::ApplyReport* applied(const pipeline::DeployReport& r) { return r.apply ? &*r.apply : nullptr; }

// Every write of the namespace took effect and stays (a rollback undoes them all).
bool namespaceApplied(const pipeline::DeployReport& r, const std::string& ns) {
  if (r.apply->rollbackAttempted) return false;  // also when a later step (namespace files) failed
  if (r.apply->applied()) return true;
  for (std::size_t i = 0; i < r.plan.writes.size(); ++i) {
    auto outcome = r.apply->results[i].outcome;
    if (r.plan.writes[i].ns == ns && outcome != pipeline::WriteOutcome::Done && outcome != pipeline::WriteOutcome::Unchanged)
      return false;
  }
  return true;
}

Json namespacesJson(const pipeline::DeployReport& r) {
  Json out = Json::object();
  for (const auto& n : r.namespaces) {
    Json entry = countsJson(r.plan, applied(r), n.ns);
    if (r.apply) entry["applied"] = namespaceApplied(r, n.ns);
    entry["files"] = n.files.size();
    out[n.ns] = entry;
  }
  return out;
}

Json reportJson(const pipeline::DeployReport& r, bool dryRun) {
  Json out;
  out["commit"] = r.commit.empty() ? Json(nullptr) : Json(r.commit);
  out["branch"] = r.branch.empty() ? Json(nullptr) : Json(r.branch);
  out["skipped"] = r.skipped;
  out["reason"] = r.reason.empty() ? Json(nullptr) : Json(r.reason);
  out["dryRun"] = dryRun;
  out["kestraVersion"] = r.kestraVersion.empty() ? Json(nullptr) : Json(r.kestraVersion);
  out["serverVersion"] = r.serverVersion.empty() ? Json(nullptr) : Json(r.serverVersion);
  out["valid"] = r.problems.empty();
  out["namespaces"] = namespacesJson(r);
  out["documents"] = flowResults(documentRefs(r.validation), r.problems, &r.plan, applied(r));
  out["summary"] = resultsSummary(out["documents"]);
  bool failed = r.apply && !r.apply->applied();
  Json files = Json::array();
  for (std::size_t i = 0; i < r.files.size(); ++i)
    files.push_back(filesReportJson(r.files[i], i < r.filesApply.size() ? &r.filesApply[i] : nullptr));
  out["namespaceFiles"] = files;
  out["failedNamespace"] = failed          ? Json(r.plan.writes[*r.apply->failedWrite].ns)
                           : r.failedFiles ? Json(r.files[*r.failedFiles].ns)
                                           : Json(nullptr);
  out["failure"] = nullptr;
  out["rollback"] = nullptr;
  if (r.apply) addFailureJson(out, r.plan, *r.apply);
  return out;
}

std::size_t countedDrift(const pipeline::DeployReport& r) {
  std::size_t n = 0;
  for (const auto& d : r.drift) n += d.counted;
  return n;
}

// deploy --check: the drift instead of the plan.
Json checkJson(const pipeline::DeployReport& r) {
  Json out = reportJson(r, true);
  Json drift = Json::array();
  for (const auto& d : r.drift)
    drift.push_back({{"namespace", d.ns}, {d.namespaceFile ? "path" : "id", d.id},
                     {"kind", std::string(pipeline::toString(d.kind))},
                     {"file", d.file.empty() ? Json(nullptr) : Json(d.file)}, {"counted", d.counted}});
  out["drift"] = drift;
  out["inSync"] = r.problems.empty() && !r.skipped && countedDrift(r) == 0;
  return out;
}

void printDrift(Context& ctx, const pipeline::DeployReport& r) {
  for (const auto& d : r.drift) {
    std::string name = d.namespaceFile ? "namespace file " + d.ns + ":" + d.id : d.ns + "." + d.id;
    switch (d.kind) {
      case pipeline::DriftKind::Differs:
        ctx.console->outLine("drift: " + name + " on the server differs from " + d.file);
        if (!d.diff.empty()) ctx.console->out(d.diff.substr(0, d.diff.size() - 1));
        break;
      case pipeline::DriftKind::Missing:
        ctx.console->outLine("drift: " + name + " (" + d.file + ") is missing on the server");
        break;
      case pipeline::DriftKind::Extra:
        ctx.console->outLine("drift: " + name + " is on the server only" +
                         (d.counted ? "" : " (not counted: without --delete a deploy keeps it)"));
        break;
    }
  }
  std::size_t counted = countedDrift(r);
  ctx.console->outLine(counted ? std::to_string(counted) + " flow(s) or file(s) differ: the server does not match Git"
                           : "the server matches Git (" + std::to_string(r.plan.writes.size()) + " flow(s) checked)");
}

void printText(Context& ctx, OutputFormat format, const pipeline::DeployReport& r, const Json& json, bool dryRun) {
  if (r.skipped) {
    ctx.console->outLine("Nothing to deploy: " + r.reason);
    return;
  }
  printInvalidResults(ctx, format, json["documents"]);
  if (!r.problems.empty()) {
    ctx.console->err(std::to_string(r.problems.size()) + " problem(s) found: nothing was deployed.");
    return;
  }
  bool complete = r.apply && r.apply->applied() && !r.failedFiles;
  for (const auto& n : r.namespaces) {
    if (dryRun) {
      ctx.console->outLine("namespace '" + n.ns + "' (dry run, nothing written):");
      printFlows(ctx, r.plan, nullptr, n.ns, "  ");
    } else if (complete) {
      std::size_t count = 0;
      for (const auto& w : r.plan.writes) count += w.ns == n.ns;
      ctx.console->outLine(std::to_string(count) + " flow(s) for namespace '" + n.ns + "' successfully updated!");
      printFlows(ctx, r.plan, applied(r), n.ns);
    }
  }
  for (std::size_t i = 0; i < r.files.size(); ++i) {
    if (dryRun) ctx.console->outLine("namespace files of '" + r.files[i].ns + "' (dry run, nothing written):");
    if (dryRun || complete) printFiles(ctx, r.files[i], dryRun ? nullptr : &r.filesApply[i]);
  }
  fs::path restoreDir = workingDirectory(ctx) / "kestra-cicd-restore";
  if (r.apply && !r.apply->applied()) printFailure(ctx, r.plan, *r.apply, restoreDir);
  if (r.failedFiles) {
    printFilesFailure(ctx, r.files[*r.failedFiles], r.filesApply[*r.failedFiles], restoreDir);
    if (r.apply->rollbackAttempted) printFlowsRollback(ctx, r.plan, *r.apply, restoreDir);
  }
}

int runDeploy(Context& ctx, const Options& o) {
  auto started = std::chrono::steady_clock::now();
  auto format = parseOutputFormat(o.format);
  pipeline::DeployOptions options = toDeployOptions(ctx, o);
  options.versionGiven = !o.kestraVersion.empty();
  options.validation.version = flow::parseKestraVersion(o.kestraVersion).value_or(flow::kDefaultKestraVersion);
  options.validation.limits.maxFileBytes = o.maxFileSize;
  kestra::ClientPool pool(makeClientConfig(ctx, o.api), o.write.parallel);
  DeployProgress progress(ctx);
  pipeline::DeployReport report = pipeline::deploy(options, &pool, progress);

  Json json = o.check ? checkJson(report) : reportJson(report, o.dryRun);
  if (format == OutputFormat::Json) ctx.console->json(json);
  else if (o.check && report.problems.empty() && !report.skipped) printDrift(ctx, report);
  else printText(ctx, format, report, json, o.dryRun);
  if (format == OutputFormat::Github) ctx.console->workflowCommand(githubSummary(json["summary"]));
  if (format == OutputFormat::Text && !report.skipped) ctx.console->summary(summaryText(json["summary"]));
  ctx.console->outputs(json);
  resultMetrics(ctx, json["summary"]);
  if (report.apply) updateMetrics(ctx, report.plan, *report.apply);
  for (std::size_t i = 0; i < report.filesApply.size(); ++i) filesMetrics(ctx, report.files[i], report.filesApply[i]);
  ctx.console->timer("flows.deploy.duration",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!report.problems.empty()) return toInt(ExitCode::Failure);
  if ((report.apply && !report.apply->applied()) || report.failedFiles) return toInt(ExitCode::Remote);
  if (o.check && countedDrift(report) > 0) return toInt(ExitCode::Drift);
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerDeploy(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(kDeploy.name, kDeploy.description);
  addGitCloneFlags(*cmd, o->git, /*forDeploy=*/true);
  cmd->add_option("--flows-dir", o->flowsDir, "Folder (in the repository) whose sub-folders are namespaces")
      ->capture_default_str();
  cmd->add_option("--files-dir", o->filesDir,
                  "Folder (in the repository) whose sub-folders are namespaces' files, uploaded like `namespace "
                  "files update <ns> <folder>` (skipped when missing)")
      ->capture_default_str();
  cmd->add_option("--map", o->maps, "DIR=NAMESPACE, repeatable: explicit folders instead of --flows-dir");
  cmd->add_option("--files-map", o->filesMaps,
                  "DIR=NAMESPACE, repeatable: explicit folders of namespace files instead of --files-dir");
  cmd->add_option("--namespace", o->namespaces, "Deploy only this namespace (repeatable)")->check(kestraNamespace());
  cmd->add_flag("--changed-only", o->changedOnly,
                "Deploy only the namespaces whose folders the webhook's commits touched (all when truncated)");
  cmd->add_option("--read-only", o->readOnly, "system.readOnly label: off, require (fail without it) or add")
      ->check(CLI::IsMember({"off", "require", "add"}))
      ->capture_default_str();
  cmd->add_option("--kestra-version", o->kestraVersion,
                  "Kestra version whose rules the local validation applies: 2.0, 1.3 or 0.21 (default: the server's "
                  "version from GET /api/v1/configs, else 2.0)")
      ->check(CLI::IsMember({"2.0", "2.x", "1.3", "1.x", "0.21", "0.x"}));
  addSizeOption(*cmd, "--max-file-size", o->maxFileSize, "Largest flow file read, e.g. 10MiB");
  cmd->add_flag("--no-server-validate", o->noServerValidate, "Skip the server-side validation (local rules only)");
  cmd->add_flag("--dry-run", o->dryRun, "Print the per-namespace diff (ADDED/UPDATED/UNCHANGED/DELETED); write nothing");
  cmd->add_flag("--check", o->check,
                "Compare the server with Git and write nothing: exit 4 naming each flow that differs, is missing, "
                "or (with --delete) exists only on the server");
  cmd->add_flag("--delete,!--no-delete", o->deleteMissing,
                "Delete flows of each namespace that are not in the repository (default: --no-delete)");
  cmd->add_option("--namespace-prefix", o->namespacePrefix,
                  "Preview: deploy namespace NS as PREFIX.NS (only the namespace: line of each flow is rewritten)")
      ->check(kestraNamespace());
  cmd->add_flag("--disable-triggers", o->disableTriggers,
                "Deploy every flow with its triggers disabled (disabled: true), e.g. for a preview");
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  cmd->add_option("--webhook-body", o->webhookBody, "Raw body of a GitHub/GitLab push delivery ('-' = stdin; secret: WEBHOOK_SECRET)");
  addSizeOption(*cmd, "--max-body-size", o->maxBodySize, "Largest --webhook-body read, e.g. 25MiB (GitHub's cap: 25 MB)");
  cmd->add_option("--webhook-signature", o->webhookSignature, "X-Hub-Signature-256 (GitHub) or X-Gitlab-Token (GitLab)");
  cmd->add_option("--event", o->webhookEvent,
                  "X-GitHub-Event or X-Gitlab-Event header value (recommended): any event but a push is skipped, "
                  "exit 0; without it the payload's shape decides")
      ->envname("WEBHOOK_EVENT");
  cmd->add_option("--webhook-provider", o->webhookProvider, "auto, github or gitlab")
      ->check(CLI::IsMember({"auto", "github", "gitlab"}))
      ->capture_default_str();
  cmd->add_option("--allow-repo", o->allowRepos, "URL glob the webhook's repository may match (repeatable), besides --repo");
  addWriteOptions(*cmd, o->write);
  addApiOptions(*cmd, o->api);
  cmd->callback([&ctx, o] {
    ctx.commandPath = "deploy";
    ctx.action = [&ctx, o] { return runDeploy(ctx, *o); };
  });
}

}  // namespace kcicd::cli
