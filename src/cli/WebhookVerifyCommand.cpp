// `kestra-cicd webhook verify`: checks a GitHub/GitLab push delivery's signature against WEBHOOK_SECRET,
// then reads the push (branch, commit, repository, changed namespaces) and reports it.
#include <cstdint>
#include <memory>

#include "Commands.h"
#include "KestraOutput.h"
#include "SizeOption.h"
#include "WebhookBody.h"
#include "runtime/Errors.h"
#include "webhook/Delivery.h"
#include "webhook/Payload.h"
#include "webhook/PayloadError.h"
#include "webhook/Provider.h"
#include "webhook/Signature.h"

namespace kcicd::cli {
namespace {

using namespace kcicd::webhook;

struct Options {
  std::string body;
  std::string signature;
  std::string event;  // X-GitHub-Event / X-Gitlab-Event; "" = judge by the payload's shape
  std::string provider = "auto";
  std::string format = "text";
  webhook::DeliveryPolicy policy;
  std::uint64_t maxBodySize = kMaxBodyBytes;
};

// From --provider, else from the signature's form: the body is untrusted until its signature matches, so
// nothing reads it before (a 20 MiB body of `[` cost 1.6 GB when the JSON decided the provider).
Provider chooseProvider(const Options& o) {
  if (auto chosen = parseProvider(o.provider)) return *chosen;
  if (auto detected = detectProvider(o.signature)) return *detected;
  throw CommandError(ExitCode::Failure,
                     "webhook rejected: no signature: pass the X-Hub-Signature-256 (GitHub) or X-Gitlab-Token "
                     "(GitLab) header value with --signature (or WEBHOOK_SIGNATURE)");
}

// Why a signature failed; when auto-detection took a plain value for a GitLab token, say how to choose.
std::string rejection(const Options& o, Provider provider, SignatureStatus status) {
  std::string why = describe(status, provider);
  if (provider == Provider::GitLab && !parseProvider(o.provider))
    why += " (a --signature not starting with 'sha256=' is read as a GitLab token: give --provider github "
           "if this is a GitHub delivery)";
  return std::string(toString(provider)) + " webhook rejected: " + why;
}

// The keys shared by the outputs frame and --format json (documented in README.md).
Json toJson(const Delivery& d) {
  const PushEvent& e = d.event;
  Json namespaces = Json::array();
  for (const auto& ns : d.changes.namespaces) namespaces.push_back(ns);
  return Json{{"verified", true},
              {"provider", std::string(toString(e.provider))},
              {"event", std::string(toString(e.kind))},
              {"branch", e.branch},
              {"tag", e.tag},
              {"commit", e.commit},
              {"repository", e.repository},
              {"cloneUrl", d.cloneUrl},
              {"trusted", d.trusted},
              {"untrustedUrl", d.untrustedUrl},
              {"pusher", e.pusher},
              {"skipped", d.skipped},
              {"reason", d.reason},
              {"changedNamespaces", namespaces},
              {"allNamespaces", d.changes.all},
              {"changedFiles", d.changes.changedFiles}};
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The first line of the text output: what was verified.
std::string headline(const Delivery& d) {
  const PushEvent& e = d.event;
  std::string what = "verified " + std::string(toString(e.provider)) + " " +
                     (e.kind == EventKind::Other && !e.header.empty() ? "event '" + e.header + "'"
                                                                      : std::string(toString(e.kind)));
  if (!e.branch.empty()) what += " to branch " + e.branch;
  else if (!e.tag.empty()) what += " of tag " + e.tag;
  else if (!e.ref.empty()) what += " to " + e.ref;
  if (!e.commit.empty()) what += " (commit " + e.commit + ")";
  if (!e.pusher.empty()) what += " by " + e.pusher;
  return what;
}

void renderText(Console& console, const Delivery& d) {
  const PushEvent& e = d.event;
  console.outLine(headline(d));
  if (d.trusted) console.outLine("repository " + e.repository + ": " + d.cloneUrl + " (allowed)");
  else if (!d.untrustedUrl.empty())
    console.outLine("repository " + e.repository + ": " + d.untrustedUrl +
                " (untrusted: give --repo or --allow-repo to use it as cloneUrl)");
  if (d.skipped) {
    console.outLine("skipped: " + d.reason);
    return;
  }
  std::string changes = "changed files: " + std::to_string(d.changes.changedFiles) + "; namespaces: ";
  if (d.changes.all) changes += "all (the commit list is truncated)";
  else changes += d.changes.namespaces.empty() ? "none" : joined(d.changes.namespaces);
  console.outLine(changes);
}

int verify(Context& ctx, Options& o) {
  if (std::string dir; !normalizeFlowsDir(o.policy.flowsDir, dir))
    throw UsageError("--flows-dir " + o.policy.flowsDir + ": must be a path inside the repository (relative, no '..')");
  for (const auto& repo : o.policy.repos)
    if (repo.empty()) throw UsageError("--repo: empty URL");
  for (const auto& pattern : o.policy.patterns)
    if (pattern.empty()) throw UsageError("--allow-repo: empty pattern");
  const std::string body = readWebhookBody("--body", o.body, o.maxBodySize);
  auto secret = ctx.secrets.get(secrets::WebhookSecret);
  if (!secret)
    throw UsageError("WEBHOOK_SECRET is not set: give the GitHub webhook secret or GitLab secret token in "
                     "WEBHOOK_SECRET (or SECRET_WEBHOOK_SECRET, base64)");

  const Provider provider = chooseProvider(o);
  if (provider == Provider::GitLab) ctx.secrets.addFlagValue(o.signature);  // X-Gitlab-Token is a secret
  // On the raw bytes, before anything parses them.
  SignatureStatus status = verifySignature(provider, body, o.signature, *secret);
  if (status != SignatureStatus::Valid) throw CommandError(ExitCode::Failure, rejection(o, provider, status));

  Delivery delivery;
  try {
    delivery = judgeDelivery(parsePushEvent(provider, body, o.event), o.policy);
  } catch (const PayloadError& e) {
    throw CommandError(ExitCode::Failure, "--body " + o.body + ": " + e.what());
  } catch (const UntrustedRepository& e) {
    throw CommandError(ExitCode::Failure, std::string("webhook rejected: ") + e.what());
  }

  Json result = toJson(delivery);
  if (o.format == "json") ctx.console->json(result);
  else renderText(*ctx.console, delivery);
  if (o.format == "github")
    ctx.console->workflowCommand(githubAnnotation("notice", GithubLocation{{}, 0, 0, "kestra-cicd"}, headline(delivery)));
  ctx.console->outputs(result);
  return toInt(ExitCode::Ok);
}

// --format github: a refusal is also an error annotation (the message stays on stderr, with the exit code).
int verifyReported(Context& ctx, Options& o) {
  try {
    return verify(ctx, o);
  } catch (const CommandError& e) {
    if (o.format == "github" && e.code() != ExitCode::Usage)
      ctx.console->workflowCommand(githubAnnotation("error", GithubLocation{{}, 0, 0, "kestra-cicd"}, e.what()));
    throw;
  }
}

}  // namespace

void registerWebhookVerify(CLI::App& webhook, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = webhook.add_subcommand(kWebhookVerify.name, kWebhookVerify.description);
  cmd->add_option("--body", o->body,
                  "File holding the raw request body ('-' = stdin); in Kestra, the Webhook trigger's "
                  "trigger.uri with fetchType: STORE (a re-serialised trigger.body breaks GitHub's HMAC)")
      ->required();
  addSizeOption(*cmd, "--max-body-size", o->maxBodySize, "Largest body read, e.g. 25MiB (GitHub's cap: 25 MB)");
  cmd->add_option("--signature", o->signature,
                  "X-Hub-Signature-256 (GitHub, sha256=<hex>) or X-Gitlab-Token (GitLab) header value")
      ->envname("WEBHOOK_SIGNATURE");
  cmd->add_option("--event", o->event,
                  "X-GitHub-Event or X-Gitlab-Event header value (recommended): only push (GitHub push, GitLab "
                  "Push Hook / Tag Push Hook) is read, any other event is skipped, exit 0; without it the "
                  "payload's shape decides")
      ->envname("WEBHOOK_EVENT");
  cmd->add_option("--provider", o->provider,
                  "github, gitlab, or auto: a sha256= signature → github, any other signature (a token) → gitlab")
      ->check(CLI::IsMember({"auto", "github", "gitlab"}))
      ->capture_default_str();
  cmd->add_option("--branch", o->policy.branch, "Only this branch: other pushes (and tags) are skipped, exit 0");
  cmd->add_option("--repo", o->policy.repos,
                  "Trusted clone URL, repeatable (scheme/host case, trailing .git and / ignored)");
  cmd->add_option("--allow-repo", o->policy.patterns,
                  "Trusted clone URL glob, repeatable, e.g. 'https://github.com/my-org/*'");
  cmd->add_option("--flows-dir", o->policy.flowsDir,
                  "Repository folder whose sub-folders are namespaces (for changedNamespaces)")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Output format: text, json or github")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  cmd->callback([&ctx, o] {
    ctx.commandPath = "webhook verify";
    ctx.action = [&ctx, o]() -> int { return verifyReported(ctx, *o); };
  });
}

}  // namespace kcicd::cli
