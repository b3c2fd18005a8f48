#pragma once
// How `namespace files update` shows its plan and what its writes did, in the shapes the flow commands use
// (UpdateOutput.h): ADDED/UPDATED/UNCHANGED/DELETED lines for a dry run, "- <path> (created)" lines once
// applied, the same JSON counts, and after a failure what was rolled back.
#include <filesystem>

#include "Context.h"
#include "pipeline/NamespaceFilesUpdate.h"

namespace kcicd::cli {

// {namespace, to, dryRun, <counts>, files: [{path, file, size, change, error?}], failure?, rollback?}.
Json filesReportJson(const pipeline::FilesPlan& plan, const pipeline::ApplyReport* apply);

// The per-file lines and the summary line on stdout.
void printFiles(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport* apply);

// On stderr: the failed write, then what the rollback did. The bytes of a file that could not be put back
// are saved under `restoreDir`/<namespace>/<path>, and the message says so.
void printFilesFailure(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport& apply,
                       const std::filesystem::path& restoreDir);

// Metrics files.created, files.updated, files.unchanged, files.deleted (tagged namespace).
void filesMetrics(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport& apply);

}  // namespace kcicd::cli
