#pragma once
// `kestra-cicd deploy`: a plan (webhook → clone → namespaces → read-only label → validate every flow,
// locally then on the server) followed by an apply (one namespace update per namespace, in namespace
// order). Nothing is written unless every flow is valid; --dry-run stops after the diff.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "flow/FlowFiles.h"
#include "flow/FlowValidator.h"
#include "git/CloneOptions.h"
#include "kestra/KestraClient.h"
#include "kestra/NamespaceDiff.h"
#include "pipeline/ReadOnlyLabel.h"
#include "runtime/ExitCode.h"
#include "webhook/Delivery.h"
#include "webhook/Provider.h"

namespace kcicd::pipeline {

struct WebhookInput {
  std::string body;       // the raw request body
  std::string signature;  // X-Hub-Signature-256 or X-Gitlab-Token
  std::optional<webhook::Provider> provider;  // nullopt: detect
  std::string secret;
  webhook::DeliveryPolicy policy;  // branch, allowed repositories, flows dir
};

struct DeployOptions {
  std::optional<WebhookInput> webhook;
  std::optional<git::CloneOptions> clone;  // url may be empty: the webhook's trusted URL is used
  std::filesystem::path root;              // the repository root when nothing is cloned
  std::string flowsDir = "flows";          // relative to the repository root
  std::vector<std::string> maps;           // DIR=NAMESPACE, relative to the repository root
  std::vector<std::string> namespaces;     // deploy only these (--namespace)
  bool changedOnly = false;                // only namespaces the webhook's commits touched
  ReadOnlyMode readOnly = ReadOnlyMode::Off;
  bool serverValidate = true;
  bool dryRun = false;
  bool deleteMissing = false;
  std::uint64_t maxFileBytes = flow::kDefaultMaxFileBytes;  // --max-file-size: a larger file is a problem, not read
};

// What blocks a deploy: one line each, with the file (and position when known).
struct FlowProblem {
  std::string file;
  std::size_t line = 0, column = 0;
  std::string message;
  std::string stage;  // "local", "server", "namespace", "read-only"
};

struct NamespaceResult {
  std::string ns;
  std::vector<std::string> files;               // as given to the server, in order
  std::vector<kestra::FlowChange> changes;      // --dry-run
  kestra::NamespaceUpdateResult update;         // applied
  bool applied = false;
};

struct DeployReport {
  bool skipped = false;
  std::string reason;  // why nothing was done
  std::string commit, branch, ref, directory;
  std::vector<flow::FileReport> validation;
  std::vector<FlowProblem> problems;  // non-empty: nothing was written
  std::vector<NamespaceResult> namespaces;
  std::string failedNamespace;  // the apply stopped at this namespace…
  std::string failure;          // …with this cause; namespaces before it are applied
  ExitCode failureCode = ExitCode::Ok;
  std::vector<std::string> notices;  // ignored folders, unchecked types, fallbacks
};

// Progress reporting; the pipeline never prints.
class DeployObserver : public git::CloneObserver {
 public:
  virtual void step(const std::string&) {}
};

// Runs the pipeline. Throws CommandError(Failure) for a bad webhook signature or an untrusted
// repository (before anything is cloned), UsageError for bad options/paths, RemoteError when the
// clone or a server call of the plan fails. Apply failures are reported in DeployReport instead.
DeployReport deploy(const DeployOptions& options, const flow::FlowValidator& validator,
                    kestra::KestraClient* client, DeployObserver& observer);

}  // namespace kcicd::pipeline
