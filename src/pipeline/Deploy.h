#pragma once
// `kestra-cicd deploy`: a plan (webhook → clone → namespaces → read-only label → validate every flow,
// locally then on the server → read what the server holds, flows and namespace files) followed by an apply,
// flow by flow across all namespaces, then the namespace files, rolled back as a whole when a write fails
// (pipeline/NamespaceUpdate.h, pipeline/NamespaceFilesUpdate.h). Nothing is written
// unless every flow is valid; --dry-run stops after the plan.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "flow/FlowFiles.h"
#include "flow/FlowValidator.h"
#include "git/CloneOptions.h"
#include "kestra/ClientPool.h"
#include "pipeline/Drift.h"
#include "pipeline/FlowProblem.h"
#include "pipeline/NamespaceFilesUpdate.h"
#include "pipeline/NamespaceUpdate.h"
#include "pipeline/ReadOnlyLabel.h"
#include "webhook/Delivery.h"
#include "webhook/Provider.h"

namespace kcicd::pipeline {

struct WebhookInput {
  std::string body;       // the raw request body
  std::string signature;  // X-Hub-Signature-256 or X-Gitlab-Token
  std::string event;      // X-GitHub-Event or X-Gitlab-Event; "" = judge by the payload's shape
  std::optional<webhook::Provider> provider;  // nullopt: detect
  std::string secret;
  webhook::DeliveryPolicy policy;  // branch, allowed repositories, flows dir
};

struct DeployOptions {
  flow::ValidatorOptions validation;       // the local rules; their version is the server's unless…
  bool versionGiven = false;               // …--kestra-version named one
  std::optional<WebhookInput> webhook;
  std::optional<git::CloneOptions> clone;  // url may be empty: the webhook's trusted URL is used
  std::filesystem::path root;              // the repository root when nothing is cloned
  std::string flowsDir = "flows";          // relative to the repository root
  std::vector<std::string> maps;           // DIR=NAMESPACE, relative to the repository root
  // Namespace files: each sub-folder of filesDir named like a namespace is that namespace's files ("/" on the
  // server), beside flowsDir's folders of flows; nothing when the folder does not exist.
  std::string filesDir = "files";
  std::vector<std::string> filesMaps;  // DIR=NAMESPACE for namespace files, instead of filesDir's folders
  std::vector<std::string> namespaces;     // deploy only these (--namespace)
  bool changedOnly = false;                // only namespaces the webhook's commits touched
  ReadOnlyMode readOnly = ReadOnlyMode::Off;
  bool serverValidate = true;
  bool dryRun = false;
  bool check = false;                      // --check: plan only, to report drift (no server validation)
  bool deleteMissing = false;
  bool rollback = true;                    // --no-rollback: leave a failed apply as it stopped
  std::string namespacePrefix;             // --namespace-prefix P: namespace `ns` deployed as `P.ns`
  bool disableTriggers = false;            // --disable-triggers: every trigger deployed disabled
  std::uint64_t maxFileBytes = flow::kDefaultMaxFileBytes;  // --max-file-size: a larger file is a problem, not read
};

struct NamespaceResult {
  std::string ns;
  std::vector<std::string> files;  // as read, in order
};

struct DeployReport {
  bool skipped = false;
  std::string reason;  // why nothing was done
  std::string commit, branch, ref, directory;
  std::vector<flow::FileReport> validation;
  std::vector<FlowProblem> problems;  // non-empty: nothing was written
  std::vector<NamespaceResult> namespaces;
  FlowPlan plan;                     // once every check passed
  std::vector<FilesPlan> files;      // namespace files, one plan per namespace folder under filesDir
  std::vector<ApplyReport> filesApply;  // one per files plan, once the flows were written (unless --dry-run)
  // The first files plan whose writes failed; the flows written before were then rolled back too (rollback on).
  std::optional<std::size_t> failedFiles;
  std::vector<Drift> drift;          // --check
  std::optional<ApplyReport> apply;  // unless --dry-run
  std::vector<std::string> notices;   // ignored folders, unchecked types, fallbacks
  std::vector<std::string> warnings;  // e.g. --kestra-version disagrees with the server
  std::string kestraVersion;          // the rules the local validation applied
  std::string serverVersion;          // what GET /api/v1/configs answered, "" when unknown
};

// Progress reporting; the pipeline never prints.
class DeployObserver : public git::CloneObserver {
 public:
  virtual void step(const std::string&) {}
  // Each of DeployReport::notices and ::warnings, as soon as it is known: before the work it concerns.
  virtual void notice(const std::string&) {}
};

// Runs the pipeline; without a pool it stops after the local validation. Throws CommandError(Failure)
// for a bad webhook signature or an untrusted repository (before anything is cloned), UsageError for bad
// options/paths, RemoteError when the clone or a server read of the plan fails. Write failures are
// reported in DeployReport::apply instead.
DeployReport deploy(const DeployOptions& options, kestra::ClientPool* pool, DeployObserver& observer);

}  // namespace kcicd::pipeline
