#include "GitOptions.h"

#include <unistd.h>

#include <cstdio>

#include "SizeOption.h"
#include "git/CredentialOrigins.h"
#include "git/RemoteUrl.h"
#include "git/SshKey.h"
#include "runtime/Errors.h"
#include "runtime/Paths.h"

namespace kcicd::cli {

namespace fs = std::filesystem;

namespace {

std::string humanBytes(std::size_t bytes) {
  char text[32];
  if (bytes >= (1u << 20)) std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / (1 << 20));
  else std::snprintf(text, sizeof text, "%.1f KiB", double(bytes) / 1024);
  return text;
}

}  // namespace

void addGitCloneFlags(CLI::App& cmd, GitCloneFlags& o, bool forDeploy) {
  const std::string prefix = forDeploy ? "--git-" : "--";
  cmd.footer(
      "Git credentials come from the environment (or SECRET_<NAME>, base64): GIT_USERNAME, GIT_PASSWORD (a token "
      "goes here), GIT_SSH_KEY (the private key text, PEM or OpenSSH), GIT_SSH_PASSPHRASE.");
  if (forDeploy) {
    o.directory = "repo";
    cmd.add_option("--repo", o.url, "Repository to clone: https://, http://, ssh://, user@host:path, git://, file://");
    cmd.add_flag("--fresh", o.fresh,
                 "Clone anew even when --directory already holds a clone of --repo (which is otherwise fetched and "
                 "checked out again)");
  } else {
    cmd.add_option("url", o.url, "Repository URL: https://, http://, ssh://, user@host:path, git://, file://, path")
        ->required();
  }
  cmd.add_option("--directory", o.directory,
                 "Clone directory inside the working directory (WORKING_DIR under Kestra, else the current one)")
      ->capture_default_str();
  auto* branch = cmd.add_option("--branch", o.branch, "Branch to check out (default: the remote's HEAD)");
  auto* tag = cmd.add_option("--tag", o.tag, "Tag to check out (detached HEAD)");
  auto* commit = cmd.add_option("--commit", o.commit, "Commit SHA, full or short, to check out (detached HEAD)");
  branch->excludes(tag)->excludes(commit);
  tag->excludes(commit);
  cmd.add_option("--depth", o.depth, "History depth; 0 = full history (shallow only over HTTP(S))")
      ->capture_default_str();
  cmd.add_option("--username", o.username, "HTTP(S) user name (env GIT_USERNAME; default: from the URL, else git)");
  cmd.add_option("--git-credential-origin", o.credentialOrigins,
                 "Also send the Git credentials to this origin (https://host[:port], ssh://host[:port]), e.g. a "
                 "submodule's server; repeatable. By default only the repository's origin gets them, never over "
                 "plain HTTP when it is HTTPS")
      ->allow_extra_args(false);
  cmd.add_flag("--submodules", o.submodules, "Clone submodules recursively");
  cmd.add_option(prefix + "ca-cert", o.caCert, "PEM CA bundle trusted for Git over HTTPS instead of the system CAs");
  cmd.add_flag(prefix + "insecure", o.insecure, "Do not verify the Git server's HTTPS certificate (a warning is logged)");
  cmd.add_option("--known-hosts", o.knownHosts, "SSH known_hosts file (default: ~/.ssh/known_hosts)");
  cmd.add_flag("--accept-unknown-host-key", o.acceptUnknownHostKey,
               "Accept an SSH host missing from known_hosts (its key fingerprint is logged)");
  cmd.add_option(prefix + "connect-timeout", o.connectTimeout, "Git connect timeout in seconds")->capture_default_str();
  cmd.add_option(prefix + "read-timeout", o.readTimeout,
                 "Git read timeout in seconds: a server silent that long fails the clone")
      ->capture_default_str();
  cmd.add_option("--git-timeout", o.timeout,
                 "Seconds a whole clone (submodules included) may take, however steadily the server sends")
      ->capture_default_str();
  addSizeOption(cmd, "--max-clone-size", o.maxCloneSize,
                "Largest repository cloned (submodules included), both as received and as its checked-out files, "
                "e.g. 1GiB");
}

fs::path workingDirectory(const Context& ctx) {
  if (auto dir = ctx.env.get("WORKING_DIR"); dir && !dir->empty()) return *dir;
  return fs::current_path();
}

git::CloneOptions toCloneOptions(Context& ctx, const GitCloneFlags& o, bool urlRequired) {
  git::CloneOptions c;
  c.url = o.url;
  std::optional<git::RemoteUrl> url;
  if (urlRequired || !o.url.empty()) {
    url = git::parseRemoteUrl(o.url);  // UsageError with the password masked
    if (!url->password.empty()) ctx.secrets.addFlagValue(url->password);
  }
  c.directory = insideDirectory(workingDirectory(ctx), o.directory, "--directory");
  c.branch = o.branch;
  c.tag = o.tag;
  c.commit = o.commit;
  c.depth = o.depth;
  c.submodules = o.submodules;
  c.fresh = o.fresh;
  for (const auto& origin : o.credentialOrigins) git::parseOrigin(origin, git::CredentialOrigins::kFlag);
  c.credentialOrigins = o.credentialOrigins;
  c.username = !o.username.empty() ? o.username : ctx.secrets.get(secrets::GitUsername).value_or("");
  c.password = ctx.secrets.get(secrets::GitPassword);
  c.sshKey = ctx.secrets.get(secrets::GitSshKey);
  c.sshPassphrase = ctx.secrets.get(secrets::GitSshPassphrase);
  if (c.sshKey && url && url->transport == git::Transport::Ssh) {
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
  c.readTimeoutSeconds = o.readTimeout;
  c.timeoutSeconds = o.timeout;
  c.maxCloneBytes = o.maxCloneSize;
  return c;
}

CloneProgress::CloneProgress(Context& ctx)
    : ctx_(ctx), tty_(!ctx.console->frames() && isatty(STDERR_FILENO) == 1),
      interval_(tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000)) {}

CloneProgress::~CloneProgress() { endLine(); }

void CloneProgress::transfer(const git::TransferProgress& p) {
  auto now = std::chrono::steady_clock::now();
  bool done = p.totalObjects > 0 && p.indexedObjects == p.totalObjects;
  if (!tty_ && !ctx_.console->frames()) return;
  if (tty_ && done) {
    if (doneShown_) return;  // libgit2 keeps calling while it resolves deltas: one final line only
    doneShown_ = true;
  } else if (now - last_ < interval_) {
    return;
  }
  last_ = now;
  std::string line = "Receiving objects: " + std::to_string(p.receivedObjects) + "/" + std::to_string(p.totalObjects) +
                     " (" + humanBytes(p.receivedBytes) + "), indexed " + std::to_string(p.indexedObjects);
  if (tty_) {
    ctx_.err << '\r' << ctx_.masker.mask(line) << "\x1b[K" << std::flush;
    lineOpen_ = true;
  } else {
    ctx_.console->log(LogLevel::Info, line);
  }
}

void CloneProgress::info(const std::string& message) {
  endLine();
  ctx_.console->log(LogLevel::Info, message);
}

void CloneProgress::warning(const std::string& message) {
  endLine();
  ctx_.console->log(LogLevel::Warn, message);
}

void CloneProgress::endLine() {
  if (lineOpen_) ctx_.err << '\n' << std::flush;
  lineOpen_ = false;
  doneShown_ = false;  // a submodule's transfer gets its own final line
}

}  // namespace kcicd::cli
