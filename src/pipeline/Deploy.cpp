#include "Deploy.h"

#include <algorithm>
#include <set>

#include "flow/FlowFiles.h"
#include "git/Clone.h"
#include "kestra/Errors.h"
#include "pipeline/LocalFlows.h"
#include "pipeline/NamespaceFolders.h"
#include "runtime/Errors.h"
#include "webhook/PayloadError.h"
#include "webhook/PushEvent.h"
#include "webhook/Signature.h"

namespace kcicd::pipeline {
namespace {

namespace fs = std::filesystem;

std::optional<webhook::Delivery> checkWebhook(const WebhookInput& hook) {
  // Decided from the signature's form: the body is untrusted until its signature matched.
  auto provider = hook.provider ? hook.provider : webhook::detectProvider(hook.signature);
  if (!provider)
    throw CommandError(ExitCode::Failure, "webhook rejected: no signature: give --webhook-signature (the "
                                          "X-Hub-Signature-256 or X-Gitlab-Token header)");
  auto status = webhook::verifySignature(*provider, hook.body, hook.signature, hook.secret);
  if (status != webhook::SignatureStatus::Valid)
    throw CommandError(ExitCode::Failure, "webhook rejected: " + webhook::describe(status, *provider));
  try {
    return webhook::judgeDelivery(webhook::parsePushEvent(*provider, hook.body, hook.event), hook.policy);
  } catch (const webhook::PayloadError& e) {
    throw CommandError(ExitCode::Failure, std::string("webhook payload: ") + e.what());
  } catch (const webhook::UntrustedRepository& e) {
    throw CommandError(ExitCode::Failure, std::string("webhook rejected: ") + e.what());
  }
}

// The namespaces to deploy, after --namespace and --changed-only.
std::vector<NamespaceFolder> selectNamespaces(NamespaceLayout layout, const DeployOptions& options,
                                              const std::optional<webhook::Delivery>& delivery,
                                              DeployReport& report) {
  std::set<std::string> known;
  for (const auto& n : layout.namespaces) known.insert(n.ns);
  for (const auto& wanted : options.namespaces)
    if (!known.count(wanted))
      throw RepositoryError("--namespace '" + wanted + "': the repository has no folder of flows for it");
  for (const auto& path : layout.ignored)
    report.notices.push_back("ignored '" + path.filename().string() + "': not a namespace folder");

  std::optional<std::set<std::string>> changed;
  if (options.changedOnly && delivery && !delivery->changes.all)
    changed = std::set<std::string>(delivery->changes.namespaces.begin(), delivery->changes.namespaces.end());
  std::vector<NamespaceFolder> selected;
  for (auto& n : layout.namespaces) {
    bool asked = options.namespaces.empty() ||
                 std::find(options.namespaces.begin(), options.namespaces.end(), n.ns) != options.namespaces.end();
    if (asked && (!changed || changed->count(n.ns))) selected.push_back(std::move(n));
  }
  return selected;
}

void addProblem(DeployReport& report, const std::string& file, const flow::Diagnostic* d, const std::string& message,
                const std::string& stage) {
  FlowProblem p{file, d ? d->position.line : 0, d ? d->position.column : 0, message, stage};
  report.problems.push_back(std::move(p));
}

void validateLocally(const std::vector<FlowFile>& files, const flow::FlowValidator& validator,
                     DeployReport& report) {
  std::set<std::string> unchecked;
  for (const auto& f : files) {
    flow::FileReport fileReport = validator.validate(f.source, f.display);
    for (const auto& doc : fileReport.documents) {
      for (const auto& e : doc.errors)
        addProblem(report, f.display, &e,
                   (e.path.empty() ? e.message : e.path + ": " + e.message) + (e.hint.empty() ? "" : " (hint: " + e.hint + ")"),
                   "local");
      if (doc.hasNamespace && doc.ns != f.ns)
        addProblem(report, f.display, nullptr,
                   "namespace '" + doc.ns + "' does not match its folder's namespace '" + f.ns + "'", "namespace");
      unchecked.insert(doc.uncheckedTypes.begin(), doc.uncheckedTypes.end());
    }
    report.validation.push_back(std::move(fileReport));
  }
  for (const auto& type : unchecked)
    report.notices.push_back("plugin type not in the offline catalog, checked by the server only: " + type);
}

// The local rules: those of the server's version (GET /api/v1/configs) unless --kestra-version named a
// version, which wins with a warning when the server runs another one.
flow::ValidatorOptions localRules(const DeployOptions& options, kestra::ClientPool* pool, DeployReport& report) {
  flow::ValidatorOptions validation = options.validation;
  std::optional<std::string> text;
  try {
    if (pool) text = pool->first().serverVersion();
  } catch (const RemoteError& e) {
    // Local problems come first: the server's next request reports the failure if it persists.
    report.notices.push_back(std::string("cannot read the server's version: ") + e.what());
  }
  auto server = text ? flow::versionOfServer(*text) : std::nullopt;
  if (server) {
    report.serverVersion = *text;
    if (!options.versionGiven)
      validation.version = *server;
    else if (*server != validation.version)
      report.warnings.push_back("--kestra-version " + std::string(flow::toString(validation.version)) +
                                " differs from the server's version " + *text + ": the local validation applies " +
                                std::string(flow::toString(validation.version)) + " rules");
  } else if (pool && !options.versionGiven) {
    report.notices.push_back("the server does not tell its version (GET /api/v1/configs): Kestra " +
                             std::string(flow::toString(validation.version)) + " rules apply");
  }
  report.kestraVersion = flow::toString(validation.version);
  return validation;
}

// The namespace folders under `filesDir` (named like namespaces; others ignored with a notice), restricted to
// `wanted` when it is not empty, each collected like `namespace files update <ns> <folder> /`.
std::vector<std::pair<std::string, LocalNamespaceFiles>> localNamespaceFiles(const fs::path& filesDir,
                                                                           const fs::path& root,
                                                                           const std::set<std::string>& wanted,
                                                                           DeployReport& report) {
  std::vector<std::pair<std::string, LocalNamespaceFiles>> out;
  std::error_code ec;
  if (!fs::is_directory(filesDir, ec)) return out;
  if (!flow::isInside(filesDir, root))
    throw UsageError("--files-dir: '" + filesDir.string() + "' is outside the repository '" + root.string() + "'");
  for (const auto& entry : fs::directory_iterator(filesDir, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory(ec) || !isNamespaceName(name)) {
      report.notices.push_back("ignored '" + name + "' in the files folder: not a namespace folder");
      continue;
    }
    if (!wanted.empty() && !wanted.count(name)) continue;
    out.emplace_back(name, collectNamespaceFiles(entry.path(), "/"));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// Writes the flows, then each namespace's files; when files fail, the flows are put back too (with rollback).
void applyAll(kestra::ClientPool& pool, const DeployOptions& options, DeployReport& report) {
  report.apply = applyPlan(pool, report.plan, options.rollback);
  if (!report.apply->applied()) return;
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    report.filesApply.push_back(applyFiles(pool, report.files[i], options.rollback));
    if (report.filesApply.back().applied()) continue;
    report.failedFiles = i;
    if (!options.rollback) return;
    for (std::size_t j = 0; j < i; ++j) rollBackApplied(pool, report.files[j], report.filesApply[j]);
    rollBackApplied(pool, report.plan, *report.apply);
    return;
  }
}

// Hands the notices and warnings added since the last call to the observer.
class NoteFlusher {
 public:
  NoteFlusher(const DeployReport& report, DeployObserver& observer) : report_(report), observer_(observer) {}
  void operator()() {
    for (; notices_ < report_.notices.size(); ++notices_) observer_.notice(report_.notices[notices_]);
    for (; warnings_ < report_.warnings.size(); ++warnings_) observer_.warning(report_.warnings[warnings_]);
  }

 private:
  const DeployReport& report_;
  DeployObserver& observer_;
  std::size_t notices_ = 0, warnings_ = 0;
};

// 1. Webhook: a bad signature or an untrusted repository stops everything before any clone.
std::optional<webhook::Delivery> receive(const DeployOptions& options, DeployObserver& observer, DeployReport& report) {
  if (!options.webhook) return std::nullopt;
  std::optional<webhook::Delivery> delivery = checkWebhook(*options.webhook);
  observer.step("webhook verified: " + std::string(webhook::toString(delivery->event.provider)) + " " +
                std::string(webhook::toString(delivery->event.kind)) +
                (delivery->event.branch.empty() ? "" : " to " + delivery->event.branch));
  report.commit = delivery->event.commit;
  report.branch = delivery->event.branch;
  report.ref = delivery->event.ref;
  if (delivery->skipped) {
    report.skipped = true;
    report.reason = delivery->reason;
  }
  return delivery;
}

// 2. Clone: the repository named by --repo, or the webhook's URL once the allow-list trusted it. The root of
// the repository to deploy.
fs::path cloneRepository(const DeployOptions& options, const std::optional<webhook::Delivery>& delivery,
                         DeployObserver& observer, DeployReport& report) {
  if (!options.clone) return options.root;
  git::CloneOptions clone = *options.clone;
  if (clone.url.empty() && delivery && delivery->trusted) clone.url = delivery->cloneUrl;
  if (clone.url.empty())
    throw UsageError("deploy: nothing to clone: give --repo (the webhook's repository URL is not trusted without "
                     "--repo or --allow-repo)");
  if (delivery && !delivery->event.commit.empty()) {  // deploy exactly the pushed commit
    clone.branch.clear();
    clone.tag.clear();
    clone.commit = delivery->event.commit;
  }
  observer.step("cloning " + clone.url);
  git::CloneResult cloned = git::clone(clone, observer);
  report.directory = cloned.directory.string();
  report.commit = cloned.commit;
  if (report.branch.empty()) report.branch = cloned.branch;
  report.ref = cloned.ref;
  for (const auto& w : cloned.warnings) report.notices.push_back(w);
  return cloned.directory;
}

// The source of one flow file as deployed (--read-only), or nullopt when it is a problem already.
std::optional<std::string> readFlowSource(const DeployOptions& options, const fs::path& path, const std::string& display,
                                          DeployReport& report) {
  flow::FlowFileText read = flow::readFlowFile(path, options.maxFileBytes);
  if (read.status == flow::FlowFileText::Status::Unreadable)
    throw RepositoryError("cannot read flow file '" + display + "': " + read.problem);
  if (read.status == flow::FlowFileText::Status::TooLarge) {
    addProblem(report, display, nullptr, read.problem, "local");
    return std::nullopt;
  }
  std::string source = std::move(read.text);
  if (options.readOnly == ReadOnlyMode::Require) {
    std::vector<std::string> missing;
    try {
      if (!hasReadOnlyLabel(source, &missing))
        for (const auto& id : missing)
          addProblem(report, display, nullptr, "flow '" + id + "' lacks the label system.readOnly: true", "read-only");
    } catch (const std::exception&) {
      // not YAML: the local validation reports it with its position
    }
  } else if (options.readOnly == ReadOnlyMode::Add) {
    try {
      source = addReadOnlyLabel(source);
    } catch (const std::exception&) {
      // idem: sent unchanged, rejected by validation
    }
  }
  return source;
}

// 3. The flow files of the selected namespaces, each recorded in report.namespaces.
std::vector<FlowFile> readFlowFiles(const DeployOptions& options, const std::vector<NamespaceFolder>& selected,
                                    const fs::path& root, DeployReport& report) {
  std::vector<FlowFile> files;
  for (const auto& n : selected) {
    NamespaceResult result{targetNamespace(n.ns, options.namespacePrefix), {}};  // where its flows go
    for (const auto& path : n.files) {
      std::string display = path.lexically_relative(root).generic_string();
      auto source = readFlowSource(options, path, display, report);
      if (!source) continue;
      result.files.push_back(display);
      files.push_back({n.ns, display, std::move(*source)});
    }
    report.namespaces.push_back(std::move(result));
  }
  return files;
}

// The namespace folders of files to deploy with the flows: --files-map's, else those under --files-dir.
std::vector<std::pair<std::string, LocalNamespaceFiles>> namespaceFilesToDeploy(const DeployOptions& options,
                                                                              const fs::path& root,
                                                                              DeployReport& report) {
  std::set<std::string> wanted(options.namespaces.begin(), options.namespaces.end());
  if (options.changedOnly)
    for (const auto& n : report.namespaces) wanted.insert(n.ns);
  if (options.filesMaps.empty()) return localNamespaceFiles(root / options.filesDir, root, wanted, report);
  std::vector<std::pair<std::string, LocalNamespaceFiles>> out;
  for (const auto& [ns, dir] : mappedFolders(root, options.filesMaps, "--files-map"))
    if (wanted.empty() || wanted.count(ns)) out.emplace_back(ns, collectNamespaceFiles(dir, "/"));
  return out;
}

// deploy --check: what differs between the plan and the server, flows and namespace files, written nowhere.
void checkDrift(kestra::ClientPool& pool, const DeployOptions& options, const fs::path& root,
                const std::vector<std::pair<std::string, LocalNamespaceFiles>>& nsFiles, DeployReport& report) {
  report.drift = driftOf(report.plan, options.deleteMissing);
  for (const auto& [ns, found] : nsFiles) {
    auto files = driftOf(planFiles(pool, targetNamespace(ns, options.namespacePrefix), "/", found.files, true, false),
                         options.deleteMissing);
    for (auto& d : files)
      if (!d.file.empty()) d.file = fs::path(d.file).lexically_relative(root).generic_string();  // as flows show
    report.drift.insert(report.drift.end(), files.begin(), files.end());
  }
}

// 5. Server validation, the plan and (unless --dry-run) the writes, all namespaces as one.
void planAndApply(kestra::ClientPool& pool, const DeployOptions& options, const std::vector<FlowFile>& files,
                  const fs::path& root, NoteFlusher& flush, DeployObserver& observer, DeployReport& report) {
  LocalFlows local = readLocalFlows(
      files, {false, " (its folder's namespace)", options.namespacePrefix, options.disableTriggers});
  report.problems = std::move(local.problems);
  auto nsFiles = namespaceFilesToDeploy(options, root, report);
  flush();
  for (const auto& [ns, found] : nsFiles)
    report.problems.insert(report.problems.end(), found.problems.begin(), found.problems.end());
  if (!report.problems.empty()) return;
  std::vector<std::string> namespaces;
  for (const auto& n : report.namespaces) namespaces.push_back(n.ns);
  // A drift check reads everything the server holds in those namespaces and writes nothing.
  // Planned only here: the writes wait until the namespace files are planned too (applyAll).
  UpdateOptions update{options.serverValidate && !options.check, true, options.deleteMissing || options.check,
                       options.rollback};
  observer.step(update.dryRun ? "reading the server's flows" : "updating " + std::to_string(namespaces.size()) +
                                                                   " namespace(s) flow by flow");
  UpdateReport updated = updateNamespaces(pool, local.flows, namespaces, update);
  report.problems = std::move(updated.problems);
  report.plan = std::move(updated.plan);
  if (!report.problems.empty()) return;
  if (options.check) return checkDrift(pool, options, root, nsFiles, report);
  for (const auto& [ns, found] : nsFiles)
    report.files.push_back(planFiles(pool, targetNamespace(ns, options.namespacePrefix), "/", found.files,
                                     options.deleteMissing, options.rollback && !options.dryRun));
  if (!options.dryRun) applyAll(pool, options, report);
}

}  // namespace

DeployReport deploy(const DeployOptions& options, kestra::ClientPool* pool, DeployObserver& observer) {
  DeployReport report;
  NoteFlusher flush(report, observer);
  std::optional<webhook::Delivery> delivery = receive(options, observer, report);
  if (report.skipped) return report;
  fs::path root = cloneRepository(options, delivery, observer, report);
  flush();

  // 3. Namespaces and their files.
  NamespaceLayout layout =
      options.maps.empty() ? discoverNamespaces(root / options.flowsDir, root) : mapNamespaces(root, options.maps);
  std::vector<NamespaceFolder> selected = selectNamespaces(std::move(layout), options, delivery, report);
  flush();
  if (selected.empty()) {
    report.skipped = true;
    report.reason = options.changedOnly && delivery ? "no namespace folder changed in this push"
                                                    : "no namespace folder with flows under '" + options.flowsDir + "'";
    return report;
  }
  std::vector<FlowFile> files = readFlowFiles(options, selected, root, report);

  // 4. Validate everything locally before any server call.
  observer.step("validating " + std::to_string(files.size()) + " flow file(s) in " +
                std::to_string(report.namespaces.size()) + " namespace(s)");
  flow::FlowValidator validator(localRules(options, pool, report));
  flush();
  validateLocally(files, validator, report);
  flush();
  if (!report.problems.empty() || !pool) return report;
  planAndApply(*pool, options, files, root, flush, observer, report);
  return report;
}

}  // namespace kcicd::pipeline
