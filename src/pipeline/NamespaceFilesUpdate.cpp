#include "NamespaceFilesUpdate.h"

#include <fstream>
#include <map>
#include <stdexcept>

#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace {

using kestra::FlowChangeKind;

struct RemoteEntry {
  bool directory = false;
  std::uint64_t size = 0;
};

// Every file and folder under `to` ("/…/"), by path, read folder by folder (the route lists one level).
std::map<std::string, RemoteEntry> remoteTree(kestra::KestraClient& client, const std::string& ns, const std::string& to) {
  std::map<std::string, RemoteEntry> tree;
  std::vector<std::string> folders{to.size() > 1 ? to.substr(0, to.size() - 1) : to};
  while (!folders.empty()) {
    std::string folder = folders.back();
    folders.pop_back();
    auto children = client.listNamespaceDirectory(ns, folder);
    if (!children) {  // <to> does not exist yet; the root always does, unless the tenant or route is wrong
      client.listNamespaceDirectory(ns, "/");
      continue;
    }
    for (const auto& child : *children) {
      std::string path = (folder == "/" ? "" : folder) + "/" + child.name;
      tree[path] = {child.directory, child.size};
      if (child.directory) folders.push_back(path);
    }
  }
  return tree;
}

// The local file's bytes equal `bytes`, read in chunks (a large file is not loaded whole).
bool sameBytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CommandError(ExitCode::Failure, "cannot read '" + file.string() + "'");
  char buffer[65536];
  std::size_t at = 0;
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    auto n = static_cast<std::size_t>(in.gcount());
    if (at + n > bytes.size() || bytes.compare(at, n, buffer, n) != 0) return false;
    at += n;
  }
  return at == bytes.size();
}

WriteResult write(kestra::KestraClient& client, const FilesPlan& plan, const FileWrite& w) {
  switch (w.kind) {
    case FlowChangeKind::Added:
    case FlowChangeKind::Updated: client.uploadNamespaceFile(plan.ns, w.path, w.file, w.size); break;
    case FlowChangeKind::Deleted: client.deleteNamespaceFile(plan.ns, w.path); break;
    case FlowChangeKind::Unchanged: throw std::logic_error("an UNCHANGED file is not written");
  }
  return {WriteOutcome::Done, 0, ""};
}

// Puts one file back as the plan found it, reading first what the server holds now.
RestoreOutcome restore(kestra::KestraClient& client, const FilesPlan& plan, const FileWrite& w) {
  auto now = client.getNamespaceFile(plan.ns, w.path);
  if (w.kind == FlowChangeKind::Added) {
    if (!now) return RestoreOutcome::AlreadyAsBefore;
    client.deleteNamespaceFile(plan.ns, w.path);
    return RestoreOutcome::Restored;
  }
  if (!w.before) throw CommandError(ExitCode::Remote, "its previous bytes were not read (--no-rollback)");
  if (now == w.before) return RestoreOutcome::AlreadyAsBefore;
  client.writeNamespaceFile(plan.ns, w.path, *w.before);
  return RestoreOutcome::Restored;
}

}  // namespace

std::size_t FilesPlan::count(FlowChangeKind kind) const {
  std::size_t n = 0;
  for (const auto& w : writes) n += w.kind == kind;
  return n;
}

FilesPlan planFiles(kestra::ClientPool& pool, const std::string& ns, const std::string& to,
                    const std::vector<LocalNamespaceFile>& local, bool deleteMissing, bool keepBefore) {
  FilesPlan plan{ns, to, {}};
  auto remote = remoteTree(pool.first(), ns, to);
  std::vector<bool> read;  // per write: its server bytes are to be read
  for (const auto& f : local) {
    auto it = remote.find(f.path);
    if (it == remote.end()) {
      plan.writes.push_back({FlowChangeKind::Added, f.path, f.file.string(), f.size, std::nullopt});
      read.push_back(false);
      continue;
    }
    if (it->second.directory)
      throw CommandError(ExitCode::Failure, "'" + f.file.string() + "' would replace the folder '" + f.path +
                                                "' of namespace '" + ns + "'; delete that folder first");
    plan.writes.push_back({FlowChangeKind::Updated, f.path, f.file.string(), f.size, std::nullopt});
    read.push_back(keepBefore || it->second.size == f.size);  // another size: changed, no need to compare
    remote.erase(it);
  }
  if (deleteMissing)
    for (const auto& [path, entry] : remote)
      if (!entry.directory) {
        plan.writes.push_back({FlowChangeKind::Deleted, path, "", entry.size, std::nullopt});
        read.push_back(keepBefore);
      }

  std::vector<std::size_t> reads;
  for (std::size_t i = 0; i < read.size(); ++i)
    if (read[i]) reads.push_back(i);
  pool.forEach(reads.size(), [&](kestra::KestraClient& client, std::size_t k) {
    auto& w = plan.writes[reads[k]];
    w.before = client.getNamespaceFile(ns, w.path);
    if (!w.before && w.kind == FlowChangeKind::Updated) w.kind = FlowChangeKind::Added;  // deleted meanwhile
    return true;
  });
  for (auto& w : plan.writes)
    if (w.kind == FlowChangeKind::Updated && w.before && w.before->size() == w.size && sameBytes(w.file, *w.before))
      w.kind = FlowChangeKind::Unchanged;
  return plan;
}

namespace {

WriteSteps fileSteps(const FilesPlan& plan) {
  WriteSteps steps;
  steps.count = plan.writes.size();
  steps.kind = [&](std::size_t i) { return plan.writes[i].kind; };
  steps.write = [&](kestra::KestraClient& client, std::size_t i) { return write(client, plan, plan.writes[i]); };
  steps.restore = [&](kestra::KestraClient& client, std::size_t i) { return restore(client, plan, plan.writes[i]); };
  return steps;
}

}  // namespace

ApplyReport applyFiles(kestra::ClientPool& pool, const FilesPlan& plan, bool rollback) {
  return applyWrites(pool, fileSteps(plan), rollback);
}

void rollBackApplied(kestra::ClientPool& pool, const FilesPlan& plan, ApplyReport& report) {
  rollBackWrites(pool, fileSteps(plan), report);
}

}  // namespace kcicd::pipeline
