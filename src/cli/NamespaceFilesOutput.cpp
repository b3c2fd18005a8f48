#include "NamespaceFilesOutput.h"

#include <fstream>

#include "UpdateOutput.h"

namespace kcicd::cli {

namespace {

using kestra::FlowChangeKind;

Json counts(const pipeline::FilesPlan& plan, const pipeline::ApplyReport* apply) {
  std::vector<std::pair<FlowChangeKind, std::string>> writes;
  std::vector<std::size_t> indexes;
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    writes.emplace_back(plan.writes[i].kind, plan.writes[i].path);
    indexes.push_back(i);
  }
  return changeCounts(writes, indexes, apply, "Files");
}

// Saves bytes a failed restore could not put back; the saved file, or "" when not saved (a server path
// with "." or ".." segments is not turned into a local one).
std::string saveForHand(const pipeline::FilesPlan& plan, const pipeline::FileWrite& w, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  fs::path rel = fs::path(w.path.substr(1)).lexically_normal();
  if (!w.before || rel.empty() || *rel.begin() == ".." || plan.ns.find('/') != std::string::npos || plan.ns == "." ||
      plan.ns == "..")
    return "";
  fs::path file = dir / plan.ns / rel;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::binary);
  out << *w.before;
  return out ? file.string() : "";
}

}  // namespace

Json filesReportJson(const pipeline::FilesPlan& plan, const pipeline::ApplyReport* apply) {
  Json report{{"namespace", plan.ns}, {"to", plan.to}, {"dryRun", apply == nullptr}};
  report.update(counts(plan, apply));
  Json files = Json::array();
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    const auto& w = plan.writes[i];
    Json item{{"path", w.path}, {"file", w.file.empty() ? Json(nullptr) : Json(w.file)}, {"size", w.size},
              {"change", changeWord(w.kind, apply, i)}};
    if (apply && !apply->results[i].error.empty()) item["error"] = apply->results[i].error;
    files.push_back(std::move(item));
  }
  report["files"] = std::move(files);
  if (!apply) return report;
  report["failure"] = nullptr;
  report["rollback"] = nullptr;
  if (apply->applied()) return report;
  const auto& failed = plan.writes[*apply->failedWrite];
  report["failure"] = {{"path", failed.path}, {"file", failed.file.empty() ? Json(nullptr) : Json(failed.file)},
                       {"message", apply->failure}};
  Json restored = Json::array();
  for (const auto& r : apply->restores) {
    Json item{{"path", plan.writes[r.write].path}, {"outcome", restoreWord(r.outcome)}};
    if (!r.error.empty()) item["error"] = r.error;
    restored.push_back(std::move(item));
  }
  report["rollback"] = {{"attempted", apply->rollbackAttempted}, {"complete", apply->restoredAll()}, {"files", restored}};
  return report;
}

void printFiles(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport* apply) {
  Json c = counts(plan, apply);
  if (apply && !apply->applied()) {
    for (std::size_t i = 0; i < plan.writes.size(); ++i)
      ctx.console->outLine("- " + plan.writes[i].path + " (" + changeWord(plan.writes[i].kind, apply, i) + ")");
    return;
  }
  if (apply)
    ctx.console->outLine(std::to_string(plan.writes.size()) + " file(s) of namespace '" + plan.ns + "' under '" +
                         plan.to + "' successfully updated!");
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    const auto& w = plan.writes[i];
    ctx.console->outLine(apply ? "- " + w.path + " (" + changeWord(w.kind, apply, i) + ")"
                               : std::string(kestra::toString(w.kind)) + " " + w.path);
  }
  if (!apply)
    ctx.console->outLine("Dry run for the files of namespace '" + plan.ns + "' under '" + plan.to + "': " +
                         c["added"].dump() + " added, " + c["updated"].dump() + " updated, " +
                         c["unchanged"].dump() + " unchanged, " + c["deleted"].dump() + " deleted; nothing was written.");
}

void printFilesFailure(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport& apply,
                       const std::filesystem::path& restoreDir) {
  const auto& failed = plan.writes[*apply.failedWrite];
  ctx.console->err("✘ - writing namespace file '" + failed.path + "'" +
                   (failed.file.empty() ? "" : " (" + failed.file + ")") + " failed: " + apply.failure);
  printRollback(
      ctx, apply, "file", [&](std::size_t i) { return plan.writes[i].path; },
      [&](std::size_t i) { return plan.writes[i].kind; },
      [&](std::size_t i) {
        const auto& w = plan.writes[i];
        if (w.kind == FlowChangeKind::Added) return std::string("delete it (it did not exist before this run)");
        std::string saved = saveForHand(plan, w, restoreDir);
        return saved.empty() ? std::string("upload its previous content again")
                             : "upload '" + saved + "' (its previous content) to it";
      });
}

void filesMetrics(Context& ctx, const pipeline::FilesPlan& plan, const pipeline::ApplyReport& apply) {
  Json c = counts(plan, &apply);
  for (const char* key : {"created", "updated", "unchanged", "deleted"})
    ctx.console->counter(std::string("files.") + key, c[key].get<double>(), {{"namespace", plan.ns}});
}

}  // namespace kcicd::cli
