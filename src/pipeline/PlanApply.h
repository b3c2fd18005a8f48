#pragma once
// Applies a FlowPlan flow by flow (POST for ADDED, PUT for UPDATED, then DELETE for DELETED; UNCHANGED
// flows are not written) and, when a write fails, puts every flow it touched back as the server held it
// before: an update that half applies is what Kestra's bulk route leaves behind (it deletes, then writes
// one flow at a time and stops at the first failure), and what this avoids.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kestra/ClientPool.h"
#include "pipeline/FlowPlan.h"
#include "runtime/ExitCode.h"

namespace kcicd::pipeline {

enum class WriteOutcome { NotAttempted, Unchanged, Done, Failed };

struct WriteResult {
  WriteOutcome outcome = WriteOutcome::NotAttempted;
  int revision = 0;   // Done: the revision the server answered (0 for a deletion)
  std::string error;  // Failed
};

enum class RestoreOutcome { Restored, AlreadyAsBefore, Failed };

struct Restore {
  std::size_t write = 0;  // index into the plan's writes
  RestoreOutcome outcome = RestoreOutcome::Failed;
  std::string error;      // Failed: why; the flow is left as the failed write or restore left it
};

struct ApplyReport {
  std::vector<WriteResult> results;        // one per plan write
  std::optional<std::size_t> failedWrite;  // the first write that failed; nullopt: all applied
  std::string failure;                     // its error
  bool rollbackAttempted = false;
  std::vector<Restore> restores;           // one per flow the writes touched (rollback only)

  bool applied() const { return !failedWrite; }
  const Restore* restoreOf(std::size_t write) const;  // nullptr when the write was not rolled back
  // Every touched flow is back as before (true when nothing failed or nothing was touched).
  bool restoredAll() const;
};

// What applyWrites needs of a plan: how many writes, the kind of each, how to do one, and how to put back
// what write i touched (restore reads the server first and answers AlreadyAsBefore when nothing differs).
// Flows (applyPlan) and namespace files (NamespaceFilesUpdate.h) share the order, parallelism and rollback.
struct WriteSteps {
  std::size_t count = 0;
  std::function<kestra::FlowChangeKind(std::size_t)> kind;
  std::function<WriteResult(kestra::KestraClient&, std::size_t)> write;
  std::function<RestoreOutcome(kestra::KestraClient&, std::size_t)> restore;  // throws CommandError on failure
};

// UNCHANGED writes are reported without a request (revision 0); ADDED and UPDATED are written in parallel,
// then DELETED; after a failure no further write starts and, with `rollback`, every touched write is
// restored.
ApplyReport applyWrites(kestra::ClientPool& pool, const WriteSteps& steps, bool rollback);

// Restores every write of `report` that was done or failed (the rollback of applyWrites), recording the
// restores in `report`; also for an apply that succeeded, when a later step of the same deploy failed.
void rollBackWrites(kestra::ClientPool& pool, const WriteSteps& steps, ApplyReport& report);

// Puts back every flow that `report`'s writes changed (a later step of the same deploy failed after these
// writes all succeeded), as applyPlan's rollback does; the restores are recorded in `report`.
void rollBackApplied(kestra::ClientPool& pool, const FlowPlan& plan, ApplyReport& report);

// Writes through the pool, at most pool.size() requests at a time. Deletions start only once every
// creation and update succeeded. On a failure no further write starts; with `rollback`, each flow a
// write touched (the failed one included, since a write that failed may still have been applied) is read
// back and, when it differs from the plan's `before`, restored: PUT of the old source, DELETE of a flow
// that did not exist, POST of a deleted one. Kestra keeps no way to undo a revision, so a restored flow
// has the old source under a new revision number.
ApplyReport applyPlan(kestra::ClientPool& pool, const FlowPlan& plan, bool rollback);

}  // namespace kcicd::pipeline
