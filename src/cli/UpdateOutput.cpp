#include "UpdateOutput.h"

#include <cctype>
#include <fstream>
#include <functional>

namespace kcicd::cli {

using kestra::FlowChangeKind;
using pipeline::WriteOutcome;

namespace {


std::string applied(const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply, std::size_t i) {
  return changeWord(plan.writes[i].kind, &apply, i);
}

std::string change(const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply, std::size_t i) {
  return apply ? applied(plan, *apply, i) : std::string(kestra::toString(plan.writes[i].kind));
}

std::string name(const pipeline::PlannedWrite& w) { return w.ns + "." + w.id; }

// Saves the source a failed restore could not put back; the command to run, or "" when not saved.
std::string saveForHand(const pipeline::PlannedWrite& w, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!w.before || w.id.find('/') != std::string::npos || w.id == "." || w.id == ".." ||
      w.ns.find('/') != std::string::npos || w.ns == "." || w.ns == "..")
    return "";
  std::error_code ec;
  fs::path file = dir / w.ns / (w.id + ".yml");
  fs::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::binary);
  out << w.before->source;
  if (!out) return "";
  return "kestra-cicd flow namespace update " + w.ns + " " + file.string();
}

}  // namespace

std::string changeWord(FlowChangeKind kind, const pipeline::ApplyReport* apply, std::size_t i) {
  if (!apply) return std::string(kestra::toString(kind));
  const auto& r = apply->results[i];
  const auto* restore = apply->restoreOf(i);
  if (r.outcome == WriteOutcome::Done && restore && restore->outcome != pipeline::RestoreOutcome::Failed)
    return "rolled back";
  switch (r.outcome) {
    case WriteOutcome::Failed: return "failed";
    case WriteOutcome::NotAttempted: return "not attempted";
    case WriteOutcome::Unchanged: return "unchanged";
    case WriteOutcome::Done: break;
  }
  switch (kind) {
    case FlowChangeKind::Added: return "created";
    case FlowChangeKind::Updated: return "updated";
    case FlowChangeKind::Deleted: return "deleted";
    case FlowChangeKind::Unchanged: break;
  }
  return "unchanged";
}

std::string restoreWord(pipeline::RestoreOutcome outcome) {
  switch (outcome) {
    case pipeline::RestoreOutcome::Restored: return "restored";
    case pipeline::RestoreOutcome::AlreadyAsBefore: return "unchanged";
    case pipeline::RestoreOutcome::Failed: break;
  }
  return "not restored";
}

Json changeCounts(const std::vector<std::pair<FlowChangeKind, std::string>>& writes, const std::vector<std::size_t>& indexes,
                  const pipeline::ApplyReport* apply, const std::string& listSuffix) {
  std::vector<std::string> words = apply ? std::vector<std::string>{"created", "updated", "unchanged", "deleted"}
                                          : std::vector<std::string>{"ADDED", "UPDATED", "UNCHANGED", "DELETED"};
  Json out = Json::object();
  for (const auto& word : words) {
    Json names = Json::array();
    for (std::size_t k = 0; k < writes.size(); ++k)
      if (changeWord(writes[k].first, apply, indexes[k]) == word) names.push_back(writes[k].second);
    std::string key = word;
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[key] = names.size();
    if (apply) out[key + listSuffix] = names;
  }
  return out;
}

Json flowsJson(const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply) {
  Json flows = Json::array();
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    const auto& w = plan.writes[i];
    Json item{{"namespace", w.ns}, {"id", w.id}, {"file", w.file.empty() ? Json(nullptr) : Json(w.file)},
              {"line", w.line}, {"change", change(plan, apply, i)}};
    int revision = apply ? apply->results[i].revision : (w.before ? w.before->revision : 0);
    item["revision"] = revision > 0 ? Json(revision) : Json(nullptr);
    if (!apply && !w.diff.empty()) item["diff"] = w.diff;
    if (apply && !apply->results[i].error.empty()) item["error"] = apply->results[i].error;
    flows.push_back(std::move(item));
  }
  return flows;
}

Json countsJson(const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply, const std::string& ns) {
  std::vector<std::pair<FlowChangeKind, std::string>> writes;
  std::vector<std::size_t> indexes;
  for (std::size_t i = 0; i < plan.writes.size(); ++i)
    if (ns.empty() || plan.writes[i].ns == ns) {
      writes.emplace_back(plan.writes[i].kind, plan.writes[i].id);
      indexes.push_back(i);
    }
  return changeCounts(writes, indexes, apply, "Flows");
}

void addFailureJson(Json& report, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply) {
  report["failure"] = nullptr;
  report["rollback"] = nullptr;
  if (apply.applied()) return;
  const auto& w = plan.writes[*apply.failedWrite];
  report["failure"] = {{"namespace", w.ns}, {"id", w.id}, {"file", w.file.empty() ? Json(nullptr) : Json(w.file)},
                       {"message", apply.failure}};
  Json flows = Json::array();
  for (const auto& r : apply.restores) {
    const auto& t = plan.writes[r.write];
    Json item{{"namespace", t.ns}, {"id", t.id}, {"outcome", restoreWord(r.outcome)}};
    if (!r.error.empty()) item["error"] = r.error;
    flows.push_back(std::move(item));
  }
  report["rollback"] = {{"attempted", apply.rollbackAttempted}, {"complete", apply.restoredAll()}, {"flows", flows}};
}

void printFlows(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport* apply,
                const std::string& ns, const std::string& indent) {
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    const auto& w = plan.writes[i];
    if (w.ns != ns) continue;
    if (!apply) {
      ctx.console->outLine(indent + std::string(kestra::toString(w.kind)) + " " + name(w));
      if (!w.diff.empty()) ctx.console->out(w.diff.substr(0, w.diff.size() - 1));
      continue;
    }
    const auto& r = apply->results[i];
    std::string detail = applied(plan, *apply, i);
    if (r.revision > 0 && r.outcome != WriteOutcome::Failed) detail += ", revision " + std::to_string(r.revision);
    ctx.console->outLine(indent + "- " + name(w) + " (" + detail + ")");
  }
}

void printRollback(Context& ctx, const pipeline::ApplyReport& apply, const std::string& things,
                   const std::function<std::string(std::size_t)>& name,
                   const std::function<FlowChangeKind(std::size_t)>& kind,
                   const std::function<std::string(std::size_t)>& todo) {
  if (!apply.rollbackAttempted) {
    std::string done;
    for (std::size_t i = 0; i < apply.results.size(); ++i)
      if (apply.results[i].outcome == WriteOutcome::Done)
        done += (done.empty() ? "" : ", ") + name(i) + " (" + changeWord(kind(i), &apply, i) + ")";
    ctx.console->err("not rolled back (--no-rollback); written before the failure: " + (done.empty() ? "none" : done));
    return;
  }
  std::size_t restored = 0;
  for (const auto& r : apply.restores) {
    if (r.outcome == pipeline::RestoreOutcome::Restored) ++restored;
    if (r.outcome == pipeline::RestoreOutcome::Failed)
      ctx.console->err("✘ - rollback of '" + name(r.write) + "' failed: " + r.error + "; to finish by hand, " +
                       todo(r.write));
  }
  if (apply.restoredAll())
    ctx.console->err("rolled back: every " + things + " is as it was before this run (" + std::to_string(restored) +
                     " restored); nothing else was written");
  else
    ctx.console->err("rollback incomplete: the " + things + "s above differ from what the server held before this run");
}

void printFlowsRollback(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply,
                        const std::filesystem::path& restoreDir) {
  printRollback(
      ctx, apply, "flow", [&](std::size_t i) { return name(plan.writes[i]); },
      [&](std::size_t i) { return plan.writes[i].kind; },
      [&](std::size_t i) {
        const auto& w = plan.writes[i];
        std::string command = saveForHand(w, restoreDir);
        return !w.before         ? std::string("delete it (it did not exist before this run)")
               : command.empty() ? std::string("put its previous source back")
                                 : "run: " + command;
      });
}

void printFailure(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply,
                  const std::filesystem::path& restoreDir) {
  const auto& failed = plan.writes[*apply.failedWrite];
  ctx.console->err("✘ - writing flow '" + name(failed) + "'" + (failed.file.empty() ? "" : " (" + failed.file + ")") +
                   " failed: " + apply.failure);
  printFlowsRollback(ctx, plan, apply, restoreDir);
}

void updateMetrics(Context& ctx, const pipeline::FlowPlan& plan, const pipeline::ApplyReport& apply) {
  for (const auto& ns : plan.namespaces) {
    Json counts = countsJson(plan, &apply, ns);
    for (const char* key : {"created", "updated", "unchanged", "deleted"})
      ctx.console->counter(std::string("flows.") + key, counts[key].get<double>(), {{"namespace", ns}});
  }
}

}  // namespace kcicd::cli
