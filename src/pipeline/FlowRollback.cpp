#include "FlowRollback.h"

#include "kestra/NamespaceDiff.h"
#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace {

int previousRevision(kestra::KestraClient& client, const std::string& ns, const std::string& id, int current) {
  int previous = 0;
  for (const auto& r : client.revisions(ns, id))
    if (r.revision < current && r.revision > previous) previous = r.revision;
  if (previous == 0)
    throw CommandError(ExitCode::Failure, "flow '" + ns + "." + id + "' has no revision before its current one (" +
                                              std::to_string(current) + ")");
  return previous;
}

}  // namespace

RollbackPlan planRollback(kestra::KestraClient& client, const std::string& ns, const std::string& id,
                          std::optional<int> revision) {
  auto current = client.getFlow(ns, id);
  if (!current) throw CommandError(ExitCode::Failure, "flow '" + ns + "." + id + "' does not exist on the server");
  int wanted = revision ? *revision : previousRevision(client, ns, id, current->revision);
  auto target = client.getFlow(ns, id, wanted);
  if (!target)
    throw CommandError(ExitCode::Failure, "flow '" + ns + "." + id + "' has no revision " + std::to_string(wanted) +
                                              " (`flow revisions " + ns + " " + id + "` lists them)");
  RollbackPlan plan{*current, *target, current->source != target->source, ""};
  if (plan.changes)
    plan.diff = kestra::unifiedDiff(current->source, target->source, "revision " + std::to_string(current->revision),
                                    "revision " + std::to_string(target->revision));
  return plan;
}

kestra::StoredFlow applyRollback(kestra::KestraClient& client, const RollbackPlan& plan) {
  if (!plan.changes) return plan.current;
  return client.updateFlow(plan.current.ns, plan.current.id, plan.target.source);
}

}  // namespace kcicd::pipeline
