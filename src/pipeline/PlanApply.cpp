#include "PlanApply.h"

#include <mutex>
#include <stdexcept>

#include "runtime/Errors.h"

namespace kcicd::pipeline {

namespace {

using kestra::FlowChangeKind;

WriteResult write(kestra::KestraClient& client, const PlannedWrite& w) {
  switch (w.kind) {
    case FlowChangeKind::Added: return {WriteOutcome::Done, client.createFlow(w.source).revision, ""};
    case FlowChangeKind::Updated: return {WriteOutcome::Done, client.updateFlow(w.ns, w.id, w.source).revision, ""};
    case FlowChangeKind::Deleted: client.deleteFlow(w.ns, w.id); return {WriteOutcome::Done, 0, ""};
    case FlowChangeKind::Unchanged: break;
  }
  throw std::logic_error("an UNCHANGED flow is not written");
}

// Runs the writes of `kinds` in parallel; false when one failed (recorded in the report).
bool writeAll(kestra::ClientPool& pool, const WriteSteps& steps, std::initializer_list<FlowChangeKind> kinds,
              ApplyReport& report) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < steps.count; ++i)
    for (auto kind : kinds)
      if (steps.kind(i) == kind) todo.push_back(i);
  std::mutex mutex;
  pool.forEach(todo.size(), [&](kestra::KestraClient& client, std::size_t k) {
    std::size_t i = todo[k];
    WriteResult result;
    try {
      result = steps.write(client, i);
    } catch (const CommandError& e) {
      result = {WriteOutcome::Failed, 0, e.what()};
    }
    std::lock_guard<std::mutex> lock(mutex);
    report.results[i] = result;
    if (result.outcome != WriteOutcome::Failed) return true;
    if (!report.failedWrite) {
      report.failedWrite = i;
      report.failure = result.error;
    }
    return false;
  });
  return !report.failedWrite;
}

// Puts one flow back as the plan found it, reading first what the server holds now.
RestoreOutcome restore(kestra::KestraClient& client, const PlannedWrite& w) {
  auto now = client.getFlow(w.ns, w.id);
  const auto& before = w.before;
  if (!before) {
    if (!now) return RestoreOutcome::AlreadyAsBefore;
    client.deleteFlow(w.ns, w.id);
  } else if (!now) {
    client.createFlow(before->source);
  } else if (now->source != before->source) {
    client.updateFlow(w.ns, w.id, before->source);
  } else {
    return RestoreOutcome::AlreadyAsBefore;
  }
  return RestoreOutcome::Restored;
}

}  // namespace

void rollBackWrites(kestra::ClientPool& pool, const WriteSteps& steps, ApplyReport& report) {
  report.rollbackAttempted = true;
  std::vector<std::size_t> touched;
  for (std::size_t i = 0; i < steps.count; ++i) {
    auto outcome = report.results[i].outcome;
    if (outcome == WriteOutcome::Done || outcome == WriteOutcome::Failed) touched.push_back(i);
  }
  report.restores.resize(touched.size());
  pool.forEach(touched.size(), [&](kestra::KestraClient& client, std::size_t k) {
    std::size_t i = touched[k];
    try {
      report.restores[k] = {i, steps.restore(client, i), ""};
    } catch (const CommandError& e) {
      report.restores[k] = {i, RestoreOutcome::Failed, e.what()};
    }
    return true;
  });
}

const Restore* ApplyReport::restoreOf(std::size_t write) const {
  for (const auto& r : restores)
    if (r.write == write) return &r;
  return nullptr;
}

bool ApplyReport::restoredAll() const {
  if (!rollbackAttempted) return applied();
  for (const auto& r : restores)
    if (r.outcome == RestoreOutcome::Failed) return false;
  return true;
}

ApplyReport applyWrites(kestra::ClientPool& pool, const WriteSteps& steps, bool rollback) {
  ApplyReport report;
  report.results.resize(steps.count);
  for (std::size_t i = 0; i < steps.count; ++i)
    if (steps.kind(i) == FlowChangeKind::Unchanged) report.results[i] = {WriteOutcome::Unchanged, 0, ""};
  if (writeAll(pool, steps, {FlowChangeKind::Added, FlowChangeKind::Updated}, report))
    writeAll(pool, steps, {FlowChangeKind::Deleted}, report);
  if (report.failedWrite && rollback) rollBackWrites(pool, steps, report);
  return report;
}

namespace {

WriteSteps flowSteps(const FlowPlan& plan) {
  WriteSteps steps;
  steps.count = plan.writes.size();
  steps.kind = [&](std::size_t i) { return plan.writes[i].kind; };
  steps.write = [&](kestra::KestraClient& client, std::size_t i) { return write(client, plan.writes[i]); };
  steps.restore = [&](kestra::KestraClient& client, std::size_t i) { return restore(client, plan.writes[i]); };
  return steps;
}

}  // namespace

void rollBackApplied(kestra::ClientPool& pool, const FlowPlan& plan, ApplyReport& report) {
  rollBackWrites(pool, flowSteps(plan), report);
}

ApplyReport applyPlan(kestra::ClientPool& pool, const FlowPlan& plan, bool rollback) {
  ApplyReport report = applyWrites(pool, flowSteps(plan), rollback);
  for (std::size_t i = 0; i < plan.writes.size(); ++i)
    if (const auto& w = plan.writes[i]; w.kind == FlowChangeKind::Unchanged)
      report.results[i].revision = w.before ? w.before->revision : 0;
  return report;
}

}  // namespace kcicd::pipeline
