#pragma once
// How `flow namespace update` and `deploy` show a plan and what its writes did: text lines, the JSON
// report (also the outputs frame) and, after a failure, what was rolled back and what is left to do.
#include <filesystem>
#include <string>

#include "Context.h"
#include "pipeline/PlanApply.h"

namespace kcicd::cli {

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
// On stderr: the failed write, then what the rollback did. The source of each flow that could not be
// restored is saved under `restoreDir`/<namespace>/<id>.yml, with the command that puts it back.
void printFailure(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply,
                  const std::filesystem::path& restoreDir);

// Metrics flows.created, flows.updated, flows.unchanged, flows.deleted (tagged namespace) per namespace.
void updateMetrics(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply);

}  // namespace kcicd::cli
