#pragma once
// `namespace files update`: compare a folder with a namespace's files, byte for byte, then upload what is
// new or changed, delete (with --delete) what is gone, and put everything back as it was when a write
// fails. The JVM CLI it replaces uploaded every file each time and, with --delete, first wiped <to>
// (NamespaceFilesUpdateCommand, kestra-io/kestra 1.x): a failure midway left the folder half deleted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kestra/ClientPool.h"
#include "kestra/NamespaceDiff.h"
#include "pipeline/NamespaceFileTree.h"
#include "pipeline/PlanApply.h"

namespace kcicd::pipeline {

struct FileWrite {
  kestra::FlowChangeKind kind;
  std::string path;                   // on the server
  std::string file;                   // on disk, as shown; empty for DELETED
  std::uint64_t size = 0;             // bytes written (local size); for DELETED, the server's size
  std::optional<std::string> before;  // the server's bytes, when read (UNCHANGED, and whatever a rollback restores)
};

struct FilesPlan {
  std::string ns;
  std::string to;                 // normalised: "/…/"
  std::vector<FileWrite> writes;  // local files by path, then deletions by path
  std::size_t count(kestra::FlowChangeKind kind) const;
};

// Lists the server's files under `to` (GET …/files/directory, folder by folder) and compares: a file of
// another size is UPDATED without being read, one of the same size is read and compared byte for byte.
// With `keepBefore` (a rollback may be needed) the bytes of every file to be overwritten or deleted are
// read and kept. With `deleteMissing`, server files under `to` that no local file names are DELETED.
// Throws RemoteError when a read fails, CommandError naming the path when a local file sits where the
// server has a folder.
FilesPlan planFiles(kestra::ClientPool& pool, const std::string& ns, const std::string& to,
                    const std::vector<LocalNamespaceFile>& local, bool deleteMissing, bool keepBefore);

// Uploads ADDED and UPDATED files, then deletes DELETED ones, at most pool.size() at a time; after a
// failure nothing more starts and, with `rollback`, every touched file (the failed one included) is read
// back and, when it differs, put back: the old bytes for an updated or deleted file, a deletion for an
// added one. The report's results and restores index plan.writes.
ApplyReport applyFiles(kestra::ClientPool& pool, const FilesPlan& plan, bool rollback);

// Puts back every file that `report`'s writes changed, when a later step of the same deploy failed.
void rollBackApplied(kestra::ClientPool& pool, const FilesPlan& plan, ApplyReport& report);

}  // namespace kcicd::pipeline
