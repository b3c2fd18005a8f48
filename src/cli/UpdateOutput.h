#pragma once
// How `flow namespace update` and `deploy` show a plan and what its writes did: text lines, the JSON
// report (also the outputs frame) and, after a failure, what was rolled back and what is left to do.
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "Context.h"
#include "pipeline/PlanApply.h"

namespace kcicd::cli {

// The word for write i of a plan: dry run (no apply) "ADDED", "UPDATED", "UNCHANGED", "DELETED"; applied
// "created", "updated", "unchanged", "deleted", "failed", "not attempted", or "rolled back".
std::string changeWord(kestra::FlowChangeKind kind, const pipeline::ApplyReport* apply, std::size_t i);
// "restored", "unchanged" (already as before), "not restored".
std::string restoreWord(pipeline::RestoreOutcome outcome);
// Counts of each word over `writes` (kind, name; `indexes` are their write numbers in the apply report):
// dry run added/updated/unchanged/deleted, else created/updated/unchanged/deleted with the names in
// <word><listSuffix>.
Json changeCounts(const std::vector<std::pair<kestra::FlowChangeKind, std::string>>& writes,
                  const std::vector<std::size_t>& indexes, const pipeline::ApplyReport* apply,
                  const std::string& listSuffix);

// After a failed apply, on stderr: with --no-rollback the writes done before the failure; else, per
// restore that failed, its error and what to do by hand (`todo`), then whether every `things` ("flow",
// "file") is back as before.
void printRollback(Context& ctx, const pipeline::ApplyReport& apply, const std::string& things,
                   const std::function<std::string(std::size_t)>& name,
                   const std::function<kestra::FlowChangeKind(std::size_t)>& kind,
                   const std::function<std::string(std::size_t)>& todo);

// The per-flow entries: namespace, id, file, line, change (dry run: ADDED…; applied: created, updated,
// unchanged, deleted, failed, not attempted), revision, and diff for an UPDATED flow of a dry run.
Json flowsJson(const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply);
// Counts for one namespace ("" = all): dry run added/updated/unchanged/deleted, else
// created/updated/unchanged/deleted with the ids in createdFlows, updatedFlows, unchangedFlows, deletedFlows.
Json countsJson(const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply, const std::string& ns);
// `failure` ({namespace, id, file, message}) and `rollback` ({attempted, complete, flows[]}), null when
// nothing failed.
void addFailureJson(Json& report, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply);

// "ADDED prod.a" lines (dry run) or "- prod.a (created, revision 1)" lines, for one namespace.
void printFlows(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply,
                const std::string& ns, const std::string& indent = "");
// On stderr: what the rollback of the plan's writes did (printRollback), e.g. after a later step failed.
void printFlowsRollback(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply,
                        const std::filesystem::path& restoreDir);
// On stderr: the failed write, then what the rollback did. The source of each flow that could not be
// restored is saved under `restoreDir`/<namespace>/<id>.yml, with the command that puts it back.
void printFailure(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply,
                  const std::filesystem::path& restoreDir);

// Metrics flows.created, flows.updated, flows.unchanged, flows.deleted (tagged namespace) per namespace.
void updateMetrics(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply);

}  // namespace kcicd::cli
