#pragma once
// `flow rollback`: Kestra keeps every revision of a flow but has no restore endpoint, so a rollback reads
// the chosen revision's source (GET ?revision=N&source=true) and writes it back (PUT), which makes a new
// revision holding the old source (kestra-server-behaviour.md, "Per-flow endpoints").
#include <optional>
#include <string>

#include "kestra/KestraClient.h"

namespace kcicd::pipeline {

struct RollbackPlan {
  kestra::StoredFlow current;
  kestra::StoredFlow target;
  bool changes = false;  // false: the target's source is the current one, byte for byte (no new revision)
  std::string diff;      // current → target
};

// The flow's current revision and the target: `revision`, or by default the newest revision before the
// current one. Throws CommandError(Failure) naming the flow or revision when either does not exist.
RollbackPlan planRollback(kestra::KestraClient& client, const std::string& ns, const std::string& id,
                          std::optional<int> revision);

// Writes the target's source back; the flow as the server answered (its new revision).
kestra::StoredFlow applyRollback(kestra::KestraClient& client, const RollbackPlan& plan);

}  // namespace kcicd::pipeline
