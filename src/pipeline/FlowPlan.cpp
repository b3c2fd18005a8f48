#include "FlowPlan.h"

#include <algorithm>
#include <map>
#include <set>

#include "flow/YamlDocuments.h"

namespace kcicd::pipeline {

namespace {

using kestra::FlowChangeKind;

// The server's flows of each namespace, by id.
std::vector<std::vector<kestra::FlowSummary>> listNamespaces(kestra::ClientPool& pool,
                                                            const std::vector<std::string>& namespaces) {
  std::vector<std::vector<kestra::FlowSummary>> lists(namespaces.size());
  pool.forEach(namespaces.size(), [&](kestra::KestraClient& client, std::size_t i) {
    lists[i] = client.listFlows(namespaces[i]);
    return true;
  });
  return lists;
}

// The stored source of every write that has a `before`.
void readSources(kestra::ClientPool& pool, std::vector<PlannedWrite>& writes) {
  pool.forEach(writes.size(), [&](kestra::KestraClient& client, std::size_t i) {
    auto& w = writes[i];
    if (!w.before) return true;
    // A flow listed a moment ago may be gone now: then it is ADDED, not UPDATED.
    w.before = client.getFlow(w.ns, w.id);
    return true;
  });
}

void decide(PlannedWrite& w) {
  if (w.kind == FlowChangeKind::Deleted) return;
  if (!w.before) {
    w.kind = FlowChangeKind::Added;
  } else if (w.before->source == w.source) {
    w.kind = FlowChangeKind::Unchanged;
  } else {
    w.kind = FlowChangeKind::Updated;
    w.diff = kestra::unifiedDiff(w.before->source, w.source, "server/" + w.ns + "." + w.id, w.file);
  }
}

}  // namespace

std::size_t FlowPlan::count(kestra::FlowChangeKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(writes.begin(), writes.end(), [kind](const PlannedWrite& w) { return w.kind == kind; }));
}

FlowPlan planWrites(kestra::ClientPool& pool, const std::vector<LocalFlow>& local,
                    const std::vector<std::string>& namespaces, bool deleteMissing) {
  FlowPlan plan;
  plan.namespaces = namespaces;
  auto lists = listNamespaces(pool, namespaces);
  for (std::size_t n = 0; n < namespaces.size(); ++n) {
    const std::string& ns = namespaces[n];
    std::set<std::string> remote, named;
    for (const auto& summary : lists[n]) remote.insert(summary.id);
    for (const auto& flow : local) {
      if (flow.ns != ns) continue;
      named.insert(flow.id);
      PlannedWrite w{FlowChangeKind::Added, ns, flow.id, flow.file, flow.line, std::nullopt, flow.source, ""};
      if (remote.count(flow.id)) w.before = kestra::StoredFlow{flow.id, ns, 0, ""};  // read below
      plan.writes.push_back(std::move(w));
    }
    if (!deleteMissing) continue;
    for (const auto& summary : lists[n])
      if (!named.count(summary.id))
        plan.writes.push_back({FlowChangeKind::Deleted, ns, summary.id, "", 0,
                               kestra::StoredFlow{summary.id, ns, summary.revision, ""}, "", ""});
  }
  readSources(pool, plan.writes);
  // A flow to delete that vanished meanwhile needs nothing.
  std::erase_if(plan.writes, [](const PlannedWrite& w) { return w.kind == FlowChangeKind::Deleted && !w.before; });
  for (auto& w : plan.writes) decide(w);
  return plan;
}

std::vector<FlowProblem> duplicateFlows(const std::vector<LocalFlow>& local) {
  std::vector<FlowProblem> problems;
  std::map<std::pair<std::string, std::string>, const LocalFlow*> seen;
  for (const auto& flow : local) {
    auto [it, fresh] = seen.emplace(std::make_pair(flow.ns, flow.id), &flow);
    if (fresh) continue;
    const LocalFlow& first = *it->second;
    problems.push_back({flow.file, flow.line, 1,
                        "flow '" + flow.ns + "." + flow.id + "' is also defined in " + first.file + ":" +
                            std::to_string(first.line) + " (each would overwrite the other)",
                        "local"});
  }
  return problems;
}

std::vector<FlowProblem> flowsCutByValidate(const std::vector<LocalFlow>& local) {
  std::vector<FlowProblem> problems;
  for (const auto& flow : local)
    if (std::size_t line = flow::lineCutByValidate(flow.source))
      problems.push_back({flow.file, flow.line + line - 1, 1,
                          "flow '" + flow.ns + "." + flow.id + "': a line starting with '---' would be cut in two "
                          "by Kestra's validate route (it splits on every line that starts with '---'); "
                          "indent it or change it",
                          "local"});
  return problems;
}

}  // namespace kcicd::pipeline
