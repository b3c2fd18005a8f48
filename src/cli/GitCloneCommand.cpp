// `kestra-cicd git clone`: options → git::CloneOptions, progress → Console, result → outputs frame.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "Commands.h"
#include "git/Clone.h"
#include "git/RemoteUrl.h"
#include "git/SshKey.h"
#include "runtime/Errors.h"
#include "runtime/Paths.h"

namespace kcicd::cli {
namespace {
namespace fs = std::filesystem;

struct Options {
  std::string url;
  std::string directory = ".";
  std::string branch, tag, commit;
  int depth = 1;
  std::string username;
  bool submodules = false;
  std::string caCert;
  bool insecure = false;
  std::string knownHosts;
  bool acceptUnknownHostKey = false;
  int connectTimeout = 10;
};

std::string humanBytes(std::size_t bytes) {
  char text[32];
  if (bytes >= (1u << 20)) std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / (1 << 20));
  else std::snprintf(text, sizeof text, "%.1f KiB", double(bytes) / 1024);
  return text;
}

// A live "\r" line on a terminal; under Kestra one log line every few seconds; otherwise quiet.
class ProgressRenderer final : public git::CloneObserver {
 public:
  explicit ProgressRenderer(Context& ctx)
      : ctx_(ctx), tty_(!ctx.console->frames() && isatty(STDERR_FILENO) == 1),
        interval_(tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000)) {}
  ~ProgressRenderer() override { endLine(); }

  void transfer(const git::TransferProgress& p) override {
    auto now = std::chrono::steady_clock::now();
    bool done = p.totalObjects > 0 && p.indexedObjects == p.totalObjects;
    if (!tty_ && !ctx_.console->frames()) return;
    if (now - last_ < interval_ && !(tty_ && done)) return;
    last_ = now;
    std::string line = "Receiving objects: " + std::to_string(p.receivedObjects) + "/" +
                       std::to_string(p.totalObjects) + " (" + humanBytes(p.receivedBytes) + "), indexed " +
                       std::to_string(p.indexedObjects);
    if (tty_) {
      ctx_.err << '\r' << ctx_.masker.mask(line) << "\x1b[K" << std::flush;
      lineOpen_ = true;
    } else {
      ctx_.console->log(LogLevel::Info, line);
    }
  }
  void info(const std::string& message) override {
    endLine();
    ctx_.console->log(LogLevel::Info, message);
  }
  void warning(const std::string& message) override {
    endLine();
    ctx_.console->log(LogLevel::Warn, message);
  }
  void endLine() {
    if (lineOpen_) ctx_.err << '\n' << std::flush;
    lineOpen_ = false;
  }

 private:
  Context& ctx_;
  bool tty_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
  bool lineOpen_ = false;
};

fs::path workingDirectory(const Context& ctx) {
  if (auto dir = ctx.env.get("WORKING_DIR"); dir && !dir->empty()) return *dir;
  return fs::current_path();
}

git::CloneOptions toCloneOptions(Context& ctx, const Options& o) {
  git::CloneOptions c;
  c.url = o.url;
  git::RemoteUrl url = git::parseRemoteUrl(o.url);  // UsageError with the password masked
  if (!url.password.empty()) ctx.secrets.addFlagValue(url.password);
  c.directory = insideDirectory(workingDirectory(ctx), o.directory, "--directory");
  c.branch = o.branch;
  c.tag = o.tag;
  c.commit = o.commit;
  c.depth = o.depth;
  c.submodules = o.submodules;
  c.username = !o.username.empty() ? o.username : ctx.secrets.get(secrets::GitUsername).value_or("");
  c.password = ctx.secrets.get(secrets::GitPassword);
  c.sshKey = ctx.secrets.get(secrets::GitSshKey);
  c.sshPassphrase = ctx.secrets.get(secrets::GitSshPassphrase);
  if (c.sshKey && url.transport == git::Transport::Ssh) {
    if (git::sshKeyFormat(*c.sshKey) == git::SshKeyFormat::Unknown)
      throw UsageError("GIT_SSH_KEY does not hold a private key (expected PEM or OpenSSH text, not a file path)");
    if (git::sshKeyEncrypted(*c.sshKey) && !c.sshPassphrase)
      throw UsageError("GIT_SSH_KEY is encrypted: set GIT_SSH_PASSPHRASE");
  }
  if (!o.caCert.empty()) c.caCertFile = fs::absolute(o.caCert);
  c.insecure = o.insecure;
  if (!o.knownHosts.empty()) {
    c.knownHostsFile = fs::absolute(o.knownHosts);
    std::error_code ec;
    if (!fs::is_regular_file(c.knownHostsFile, ec))
      throw UsageError("--known-hosts '" + o.knownHosts + "' is not a readable file");
  } else if (auto home = ctx.env.get("HOME"); home && !home->empty()) {
    c.knownHostsFile = fs::path(*home) / ".ssh" / "known_hosts";
  }
  c.acceptUnknownHostKey = o.acceptUnknownHostKey;
  c.connectTimeoutSeconds = o.connectTimeout;
  return c;
}

int runClone(Context& ctx, const Options& o) {
  git::CloneOptions options = toCloneOptions(ctx, o);
  git::CloneResult result;
  {
    ProgressRenderer progress(ctx);
    result = git::clone(options, progress);
  }
  std::string at = result.branch.empty() ? result.ref + " (detached HEAD)" : "branch " + result.branch;
  ctx.console->out("Cloned " + git::parseRemoteUrl(o.url).withoutPassword + " into " + result.directory.string() +
                   ": " + at + " at " + result.commit);
  ctx.console->outputs({{"directory", result.directory.string()},
                        {"commit", result.commit},
                        {"ref", result.ref},
                        {"branch", result.branch.empty() ? Json(nullptr) : Json(result.branch)}});
  ctx.console->counter("git.bytes_received", double(result.bytesReceived));
  ctx.console->counter("git.objects", double(result.objects));
  ctx.console->timer("git.clone.duration", result.seconds);
  return toInt(ExitCode::Ok);
}

}  // namespace

void registerGitClone(CLI::App& git, Context& ctx) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = git.add_subcommand("clone", "Clone a Git repository (like io.kestra.plugin.git.Clone)");
  cmd->footer(
      "Credentials come from the environment (or SECRET_<NAME>, base64): GIT_USERNAME, GIT_PASSWORD (a token "
      "goes here), GIT_SSH_KEY (the private key text, PEM or OpenSSH), GIT_SSH_PASSPHRASE.");
  cmd->add_option("url", o->url, "Repository URL: https://, http://, ssh://, user@host:path, git://, file://, path")
      ->required();
  cmd->add_option("--directory", o->directory,
                  "Target directory inside the working directory (WORKING_DIR under Kestra, else the current one)")
      ->capture_default_str();
  auto* branch = cmd->add_option("--branch", o->branch, "Branch to check out (default: the remote's HEAD)");
  auto* tag = cmd->add_option("--tag", o->tag, "Tag to check out (detached HEAD)");
  auto* commit = cmd->add_option("--commit", o->commit, "Commit SHA, full or short, to check out (detached HEAD)");
  branch->excludes(tag)->excludes(commit);
  tag->excludes(commit);
  cmd->add_option("--depth", o->depth, "History depth; 0 = full history (shallow only over HTTP(S))")
      ->capture_default_str();
  cmd->add_option("--username", o->username, "HTTP(S) user name (env GIT_USERNAME; default: from the URL, else git)");
  cmd->add_flag("--submodules", o->submodules, "Clone submodules recursively");
  cmd->add_option("--ca-cert", o->caCert, "PEM CA bundle trusted for HTTPS instead of the system CAs");
  cmd->add_flag("--insecure", o->insecure, "Do not verify the HTTPS certificate (a warning is logged)");
  cmd->add_option("--known-hosts", o->knownHosts, "SSH known_hosts file (default: ~/.ssh/known_hosts)");
  cmd->add_flag("--accept-unknown-host-key", o->acceptUnknownHostKey,
                "Accept an SSH host missing from known_hosts (its key fingerprint is logged)");
  cmd->add_option("--connect-timeout", o->connectTimeout, "Connect timeout in seconds")->capture_default_str();
  cmd->callback([&ctx, o] {
    ctx.commandPath = "git clone";
    ctx.action = [&ctx, o]() -> int { return runClone(ctx, *o); };
  });
}

}  // namespace kcicd::cli
