#include "Clone.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "CheckoutSize.h"
#include "CloneDeadline.h"
#include "CreatedPaths.h"
#include "Libgit2.h"
#include "ServerLookup.h"
#include "Session.h"
#include "SubmoduleUrl.h"
#include "TcpNoDelay.h"
#include "WorkdirSymlinks.h"
#include "runtime/Errors.h"
#include "runtime/Masker.h"
#include "runtime/SizeLimit.h"

namespace kcicd::git {
namespace fs = std::filesystem;
namespace {

// What to fetch and what to check out afterwards.
struct Plan {
  std::vector<std::string> refspecs;
  int depth = 0;
  git_remote_autotag_option_t tags = GIT_REMOTE_DOWNLOAD_TAGS_AUTO;
  std::string revision;  // revparse spec of the commit to check out
  std::string ref;       // reported ref (refs/heads/B, refs/tags/T, or "" = the commit SHA)
  std::string branch;    // local branch to create ("" = detached HEAD)
  bool defaultBranch = false;
};

[[noreturn]] void fail(const Session& s, int rc, const std::string& action) {
  if (s.failure) throw CommandError(s.failureCode, *s.failure);
  // The deadline shut the connection down: libgit2 says only "unexpected EOF" or the like.
  if (s.deadline && s.deadline->expired()) throw RemoteError(s.timeoutMessage());
  std::string why = lastErrorMessage();
  int klass = lastErrorClass();
  std::string lower = why;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  bool auth = rc == GIT_EAUTH || lower.find("authenticat") != std::string::npos;
  if (auth)
    throw RemoteError("authentication failed" + (s.authMethod.empty() ? "" : " (" + s.authMethod + ")") + ": " +
                      action + ": " + why);
  bool remote = rc == GIT_ECERTIFICATE || rc == GIT_TIMEOUT || klass == GIT_ERROR_NET || klass == GIT_ERROR_HTTP ||
                klass == GIT_ERROR_SSH || klass == GIT_ERROR_SSL || klass == GIT_ERROR_OS;
  std::string message = action + ": " + (why.empty() ? "libgit2 error " + std::to_string(rc) : why);
  // libgit2 says "could not read from socket: timed out": name the limit that expired.
  if (lower.find("timed out") != std::string::npos && lower.find("read") != std::string::npos)
    message += " (nothing received for the read timeout of " + std::to_string(s.options.readTimeoutSeconds) + " s)";
  if (remote) throw RemoteError(message);
  throw CommandError(ExitCode::Failure, message);
}

// Also the deadline between libgit2 calls: a phase without callbacks (a local fetch) may outlast it.
void check(const Session& s, int rc, const std::string& action) {
  if (rc < 0) fail(s, rc, action);
  if (s.deadline && s.deadline->expired()) throw RemoteError(s.timeoutMessage());
}

bool isHex(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

void validate(const CloneOptions& o) {
  int refs = !o.branch.empty() + !o.tag.empty() + !o.commit.empty();
  if (refs > 1) throw UsageError("--branch, --tag and --commit are mutually exclusive");
  if (o.depth < 0) throw UsageError("--depth must be 0 (full history) or more, not " + std::to_string(o.depth));
  if (!o.commit.empty() && (o.commit.size() < 4 || o.commit.size() > 40 || !isHex(o.commit)))
    throw UsageError("--commit '" + o.commit + "' is not a commit SHA (4 to 40 hex digits)");
  if (o.connectTimeoutSeconds <= 0) throw UsageError("--connect-timeout must be a positive number of seconds");
  if (o.readTimeoutSeconds <= 0) throw UsageError("--read-timeout must be a positive number of seconds");
  if (o.timeoutSeconds <= 0) throw UsageError("--git-timeout must be a positive number of seconds");
  if (o.maxCloneBytes == 0) throw UsageError("--max-clone-size must be more than 0 bytes");
  std::error_code ec;
  if (fs::exists(o.directory, ec) && !fs::is_directory(o.directory, ec))
    throw UsageError("--directory '" + o.directory.string() + "' exists and is not a directory");
  if (fs::exists(o.directory / ".git", ec) && !o.reuseExisting && !o.fresh)
    throw UsageError("--directory '" + o.directory.string() + "' already contains a Git repository (.git)");
  if (!o.caCertFile.empty() && !fs::is_regular_file(o.caCertFile, ec))
    throw UsageError("--ca-cert '" + o.caCertFile.string() + "' is not a readable file");
}

const git_remote_head* findHead(const git_remote_head** heads, size_t count, const std::string& name) {
  for (size_t i = 0; i < count; ++i)
    if (name == heads[i]->name) return heads[i];
  return nullptr;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

Plan plan(Session& s, git_remote* remote, int depth) {
  const CloneOptions& o = s.options;
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  check(s, git_remote_ls(&heads, &count, remote), "list references of " + s.url.withoutPassword);
  std::string where = " in " + s.url.withoutPassword;
  Plan p;
  p.depth = depth;
  std::string branch = o.branch;
  if (o.branch.empty() && o.tag.empty() && o.commit.empty()) {
    if (count == 0) throw CommandError(ExitCode::Failure, "repository " + s.url.withoutPassword + " is empty");
    git_buf buf = GIT_BUF_INIT;
    if (git_remote_default_branch(&buf, remote) == 0) {
      branch = std::string(buf.ptr).substr(std::string("refs/heads/").size());
      git_buf_dispose(&buf);
    } else if (findHead(heads, count, "refs/heads/main")) {
      branch = "main";  // Kestra's Clone: origin/HEAD, else main, else master
    } else if (findHead(heads, count, "refs/heads/master")) {
      branch = "master";
    } else {
      throw CommandError(ExitCode::Failure,
                         "Cannot determine the default branch of " + s.url.withoutPassword + ": pass --branch");
    }
    p.defaultBranch = true;
  }
  if (!branch.empty()) {
    if (!findHead(heads, count, "refs/heads/" + branch))
      throw CommandError(ExitCode::Failure, "branch '" + branch + "' not found" + where);
    p.refspecs = {"+refs/heads/" + branch + ":refs/remotes/origin/" + branch};
    p.revision = "refs/remotes/origin/" + branch;
    p.ref = "refs/heads/" + branch;
    p.branch = branch;
    return p;
  }
  if (!o.tag.empty()) {
    if (!findHead(heads, count, "refs/tags/" + o.tag))
      throw CommandError(ExitCode::Failure, "tag '" + o.tag + "' not found" + where);
    p.refspecs = {"+refs/tags/" + o.tag + ":refs/tags/" + o.tag};
    p.revision = "refs/tags/" + o.tag + "^{commit}";
    p.ref = "refs/tags/" + o.tag;
    return p;
  }
  // A commit: when it is a branch tip, that branch alone (shallow allowed) has it; otherwise fetch
  // every branch and tag with full history and resolve it locally, as Kestra's Clone does.
  std::string sha = lowercase(o.commit);
  p.revision = sha + "^{commit}";
  for (size_t i = 0; i < count; ++i) {
    std::string name = heads[i]->name;
    char hex[GIT_OID_MAX_HEXSIZE + 1] = {};
    git_oid_tostr(hex, sizeof hex, &heads[i]->oid);
    if (name.rfind("refs/heads/", 0) == 0 && std::string(hex).rfind(sha, 0) == 0) {
      p.refspecs = {"+" + name + ":refs/remotes/origin/" + name.substr(11)};
      return p;
    }
  }
  p.refspecs = {"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"};
  p.depth = 0;
  p.tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  s.observer.info("commit " + o.commit + " is not a branch tip: fetching the full history of every branch");
  return p;
}

void fetch(Session& s, git_remote* remote, const Plan& p, const git_remote_callbacks& callbacks) {
  git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
  fo.callbacks = callbacks;
  fo.depth = p.depth;
  fo.download_tags = p.tags;
  std::vector<char*> specs;
  for (const auto& r : p.refspecs) specs.push_back(const_cast<char*>(r.c_str()));
  git_strarray array{specs.data(), specs.size()};
  std::string reflog = "clone: from " + s.url.withoutPassword;
  check(s, git_remote_fetch(remote, &array, &fo, reflog.c_str()), "fetch from " + s.url.withoutPassword);
  s.finishTransfer();
}

// The directory may hold files already (Kestra's working directory): a symbolic link there on a path
// the checkout writes would send the repository's files outside it.
void refuseSymlinkedPaths(Session& s, git_tree* tree) {
  auto link = firstSymlinkOnTreePaths(tree, s.options.directory);
  if (link)
    throw UsageError("--directory '" + s.options.directory.string() + "' has a symbolic link at '" + *link +
                     "', a path the checkout writes: it would write outside the directory; remove the link or clone "
                     "into an empty directory");
}

// The fetches stayed within --max-clone-size, but what they received may inflate far beyond it: the
// files of this checkout and of the ones before it (the repository, then each submodule) must fit.
void refuseOversizedCheckout(Session& s, git_repository* repo, git_tree* tree) {
  std::uint64_t limit = s.options.maxCloneBytes;
  std::uint64_t bytes = s.checkoutBytesDone + checkoutBytes(repo, tree, limit - s.checkoutBytesDone);
  if (bytes > limit)
    throw CommandError(ExitCode::Failure, s.tooLargeMessage("its files would take at least " + describeBytes(bytes) +
                                                            " once checked out (refused before writing them)"));
  s.checkoutBytesDone = bytes;
}

git_tree* peelTree(Session& s, git_object* commit, Object& owner) {
  git_object* raw = nullptr;
  check(s, git_object_peel(&raw, commit, GIT_OBJECT_TREE), "read the tree to check out");
  owner.reset(raw);
  return reinterpret_cast<git_tree*>(raw);
}

// Checks out the plan's revision; returns the full SHA.
std::string checkout(Session& s, git_repository* repo, const Plan& p) {
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo, p.revision.c_str());
  Object target(raw);
  if (rc == GIT_EAMBIGUOUS)
    throw CommandError(ExitCode::Failure, "commit '" + s.options.commit + "' is ambiguous: give more digits");
  if (rc < 0) {
    if (!s.options.commit.empty())
      throw CommandError(ExitCode::Failure, "commit '" + s.options.commit + "' not found in " +
                                                s.url.withoutPassword + " (searched every branch and tag)");
    fail(s, rc, "resolve " + p.revision);
  }
  Object treeOwner;
  git_tree* tree = peelTree(s, target.get(), treeOwner);
  refuseSymlinkedPaths(s, tree);
  refuseOversizedCheckout(s, repo, tree);
  // GIT_CHECKOUT_FORCE overwrites same-named files and keeps other (untracked) ones.
  git_checkout_options co = s.checkoutOptions(GIT_CHECKOUT_FORCE);
  check(s, git_checkout_tree(repo, target.get(), &co), "check out " + p.revision);
  const git_oid* oid = git_object_id(target.get());
  // HEAD is detached first: libgit2 refuses to move the branch HEAD stands on (a reused clone's).
  check(s, git_repository_set_head_detached(repo, oid), "detach HEAD");
  if (!p.branch.empty()) {
    git_commit* commit = nullptr;
    check(s, git_commit_lookup(&commit, repo, oid), "look up commit");
    Commit owned(commit);
    git_reference* branch = nullptr;
    check(s, git_branch_create(&branch, repo, p.branch.c_str(), commit, 1), "create branch " + p.branch);
    Reference ownedBranch(branch);
    check(s, git_branch_set_upstream(branch, ("origin/" + p.branch).c_str()), "set upstream of " + p.branch);
    check(s, git_repository_set_head(repo, p.ref.c_str()), "set HEAD");
    if (p.defaultBranch) {
      git_reference* head = nullptr;
      if (git_reference_symbolic_create(&head, repo, "refs/remotes/origin/HEAD",
                                        ("refs/remotes/origin/" + p.branch).c_str(), 1, "clone") == 0)
        git_reference_free(head);
    }
  }
  char hex[GIT_OID_MAX_HEXSIZE + 1] = {};
  git_oid_tostr(hex, sizeof hex, oid);
  return hex;
}

void updateSubmodules(Session& s, git_repository* repo, const RemoteUrl& parentUrl);

void checkoutSubmoduleHead(Session& s, git_repository* sub, const std::string& name) {
  git_object* rawHead = nullptr;
  check(s, git_revparse_single(&rawHead, sub, "HEAD"), "resolve HEAD of submodule " + name);
  Object head(rawHead);
  Object treeOwner;
  refuseOversizedCheckout(s, sub, peelTree(s, head.get(), treeOwner));
  // FORCE: after libgit2's checkout of none, SAFE wrote no file at all (the submodule's status then
  // lists them as changes); the submodule's directory is this clone's own.
  git_checkout_options co = s.checkoutOptions(GIT_CHECKOUT_FORCE);
  check(s, git_checkout_head(sub, &co), "check out submodule " + name);
}

void updateSubmodule(Session& s, git_repository* repo, const std::string& name, const RemoteUrl& parentUrl) {
  git_submodule* raw = nullptr;
  check(s, git_submodule_lookup(&raw, repo, name.c_str()), "look up submodule " + name);
  std::unique_ptr<git_submodule, Deleter<git_submodule, git_submodule_free>> sm(raw);
  git_buf resolved = GIT_BUF_INIT;
  const char* url = git_submodule_url(sm.get());
  if (url == nullptr) throw CommandError(ExitCode::Failure, "submodule '" + name + "' has no URL in .gitmodules");
  check(s, git_submodule_resolve_url(&resolved, repo, url), "resolve the URL of submodule " + name);
  std::string resolvedUrl = resolved.ptr;
  git_buf_dispose(&resolved);
  if (auto why = submoduleUrlRefusal(parentUrl, url, resolvedUrl))
    throw CommandError(ExitCode::Failure,
                       "submodule '" + name + "' with URL '" + maskUrlCredentials(url) + "' refused: " + *why);
  s.url = parseRemoteUrl(resolvedUrl);
  // A password in the parent's URL serves its origin's submodules (other origins are refused anyway).
  if (originOf(s.url) == originOf(parentUrl) && s.url.password.empty()) s.url.password = parentUrl.password;
  s.observer.info("cloning submodule '" + name + "' from " + s.url.withoutPassword);
  git_submodule_update_options uo = GIT_SUBMODULE_UPDATE_OPTIONS_INIT;
  uo.fetch_opts.callbacks = s.callbacks();  // credentials and trust again, for this remote
  // libgit2 clones, detaches HEAD at the recorded commit, then checks it out with these options: none
  // here, so that the size of its files is known before they are written below.
  uo.checkout_opts = s.checkoutOptions(GIT_CHECKOUT_NONE);
  check(s, git_submodule_update(sm.get(), 1, &uo), "clone submodule " + name);
  s.finishTransfer();
  git_repository* subRaw = nullptr;
  check(s, git_submodule_open(&subRaw, sm.get()), "open submodule " + name);
  Repository sub(subRaw);
  checkoutSubmoduleHead(s, sub.get(), name);
  updateSubmodules(s, sub.get(), s.url);
}

void updateSubmodules(Session& s, git_repository* repo, const RemoteUrl& parentUrl) {
  std::vector<std::string> names;
  auto collect = [](git_submodule*, const char* name, void* payload) {
    static_cast<std::vector<std::string>*>(payload)->push_back(name);
    return 0;
  };
  check(s, git_submodule_foreach(repo, collect, &names), "list submodules");
  for (const auto& name : names) updateSubmodule(s, repo, name, parentUrl);
}

// The repository and its origin: a new one, or (deploy) the clone already in the directory when its origin
// is the same repository. --fresh drops that .git first: the files stay, the checkout overwrites them.
std::pair<Repository, Remote> openOrInit(Session& s, const RemoteUrl& url) {
  const CloneOptions& o = s.options;
  std::error_code ec;
  bool existing = fs::exists(o.directory / ".git", ec);
  if (existing && o.fresh) {
    fs::remove_all(o.directory / ".git", ec);
    if (ec) throw CommandError(ExitCode::Failure, "--fresh: cannot remove '" + (o.directory / ".git").string() + "': " + ec.message());
    existing = false;
  }
  git_repository* rawRepo = nullptr;
  git_remote* rawRemote = nullptr;
  if (existing) {
    check(s, git_repository_open(&rawRepo, o.directory.c_str()), "open the clone in " + o.directory.string());
    Repository repo(rawRepo);
    std::string known;
    if (git_remote_lookup(&rawRemote, repo.get(), "origin") == 0) {
      Remote remote(rawRemote);
      known = git_remote_url(remote.get()) ? git_remote_url(remote.get()) : "";
      if (known == url.withoutPassword) {
        s.observer.info("Reusing the clone of '" + url.withoutPassword + "' in " + o.directory.string() + ": fetching");
        return {std::move(repo), std::move(remote)};
      }
    }
    throw UsageError("--directory '" + o.directory.string() + "' already holds a clone of '" +
                     maskUrlCredentials(known) + "', not of '" + url.withoutPassword +
                     "': give --fresh to replace it, or another --directory");
  }
  check(s, git_repository_init(&rawRepo, o.directory.c_str(), 0), "create a repository in " + o.directory.string());
  Repository repo(rawRepo);
  check(s, git_remote_create(&rawRemote, repo.get(), "origin", url.withoutPassword.c_str()), "add remote origin");
  return {std::move(repo), Remote(rawRemote)};
}

CloneResult cloneInto(Session& s, const RemoteUrl& url) {
  const CloneOptions& o = s.options;
  int depth = o.depth;
  if (depth > 0 && !url.supportsShallow()) {
    s.warn("shallow clone (--depth " + std::to_string(depth) + ") is not supported over " +
           std::string(toString(url.transport)) + " by libgit2 " + LIBGIT2_VERSION +
           "; cloning the full history instead");
    depth = 0;
  }
  auto [repo, remote] = openOrInit(s, url);

  git_remote_callbacks callbacks = s.callbacks();
  s.observer.info("Start cloning from '" + url.withoutPassword + "'");
  check(s, git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr),
        "connect to " + url.withoutPassword);
  Plan p = plan(s, remote.get(), depth);
  fetch(s, remote.get(), p, callbacks);
  git_remote_disconnect(remote.get());

  CloneResult result;
  result.directory = o.directory;
  result.commit = checkout(s, repo.get(), p);
  result.ref = p.ref.empty() ? result.commit : p.ref;
  result.branch = p.branch;
  if (o.submodules) updateSubmodules(s, repo.get(), url);
  return result;
}

class NullObserver final : public CloneObserver {};

}  // namespace

CloneResult clone(const CloneOptions& options, CloneObserver& observer) {
  auto started = std::chrono::steady_clock::now();
  RemoteUrl url = parseRemoteUrl(options.url);
  validate(options);
  KnownHosts knownHosts;
  if (url.transport == Transport::Ssh && !options.knownHostsFile.empty())
    knownHosts = KnownHosts::load(options.knownHostsFile);

  CredentialOrigins credentialOrigins(url, options.credentialOrigins);  // UsageError on a bad origin

  Libgit2 library;
  TcpNoDelay noDelay;
  ServerLookup lookups;  // tells the credentials callback which server asks (Session.cpp)
  git_libgit2_opts(GIT_OPT_SET_SERVER_CONNECT_TIMEOUT, options.connectTimeoutSeconds * 1000);
  git_libgit2_opts(GIT_OPT_SET_SERVER_TIMEOUT, options.readTimeoutSeconds * 1000);
  if (!options.caCertFile.empty() &&
      git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, options.caCertFile.c_str(), nullptr) < 0)
    throw UsageError("--ca-cert '" + options.caCertFile.string() + "': " + lastErrorMessage());

  Session session(options, observer, std::move(knownHosts));
  session.url = url;
  session.credentialOrigins = std::move(credentialOrigins);
  PackPages packPages(options.directory / ".git");
  session.packPages = &packPages;
  CreatedPaths created(options.directory);
  CloneResult result;
  try {
    CloneDeadline deadline(std::chrono::seconds(options.timeoutSeconds));
    session.deadline = &deadline;
    result = cloneInto(session, url);
    session.deadline = nullptr;
  } catch (...) {
    created.removeCreated();
    throw;
  }
  result.bytesReceived = session.bytesDone;
  result.objects = session.objectsDone;
  result.warnings = session.warnings;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

CloneResult clone(const CloneOptions& options) {
  NullObserver observer;
  return clone(options, observer);
}

}  // namespace kcicd::git
