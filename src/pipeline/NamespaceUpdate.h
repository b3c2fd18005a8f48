#pragma once
// What `flow namespace update` and `deploy` share once the flows are read: refuse what cannot be sent
// whole, validate every flow on the server, read what the server holds, then write flow by flow with a
// rollback, or stop at the plan for a dry run. Nothing is written unless every check passed.
#include <optional>
#include <string>
#include <vector>

#include "kestra/ClientPool.h"
#include "pipeline/FlowPlan.h"
#include "pipeline/PlanApply.h"

namespace kcicd::pipeline {

struct UpdateOptions {
  bool serverValidate = true;
  bool dryRun = false;
  bool deleteMissing = false;
  bool rollback = true;
};

struct UpdateReport {
  std::vector<FlowProblem> problems;  // non-empty: nothing was read or written past the check that found them
  FlowPlan plan;
  std::optional<ApplyReport> apply;   // set when writes were attempted
};

UpdateReport updateNamespaces(kestra::ClientPool& pool, const std::vector<LocalFlow>& flows,
                              const std::vector<std::string>& namespaces, const UpdateOptions& options);

// POST /flows/validate with one document per flow (joined like the Kestra CLI); a refusal is mapped back
// to its flow's file and line.
std::vector<FlowProblem> validateOnServer(kestra::KestraClient& client, const std::vector<LocalFlow>& flows);

}  // namespace kcicd::pipeline
