#include "NamespaceUpdate.h"

namespace kcicd::pipeline {

std::vector<FlowProblem> validateOnServer(kestra::KestraClient& client, const std::vector<LocalFlow>& flows) {
  std::vector<std::string> sources;
  for (const auto& f : flows) sources.push_back(f.source);
  std::vector<FlowProblem> problems;
  // No flow holds a line starting with "---" (flowsCutByValidate), so answer i is flow i.
  for (const auto& result : client.validateFlows(sources)) {
    if (result.valid()) continue;
    bool known = result.index >= 0 && std::size_t(result.index) < flows.size();
    std::string file = known ? flows[result.index].file : "flow #" + std::to_string(result.index);
    std::size_t line = known ? flows[result.index].line : 0;
    problems.push_back({file, line, line ? 1u : 0u, *result.constraints, "server"});
  }
  return problems;
}

UpdateReport updateNamespaces(kestra::ClientPool& pool, const std::vector<LocalFlow>& flows,
                              const std::vector<std::string>& namespaces, const UpdateOptions& options) {
  UpdateReport report;
  report.problems = duplicateFlows(flows);
  auto cut = flowsCutByValidate(flows);
  report.problems.insert(report.problems.end(), cut.begin(), cut.end());
  if (!report.problems.empty()) return report;
  if (options.serverValidate && !flows.empty()) {
    report.problems = validateOnServer(pool.first(), flows);
    if (!report.problems.empty()) return report;
  }
  report.plan = planWrites(pool, flows, namespaces, options.deleteMissing);
  if (!options.dryRun) report.apply = applyPlan(pool, report.plan, options.rollback);
  return report;
}

}  // namespace kcicd::pipeline
