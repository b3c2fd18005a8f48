#include "Drift.h"

namespace kcicd::pipeline {

std::string_view toString(DriftKind kind) {
  switch (kind) {
    case DriftKind::Differs: return "differs";
    case DriftKind::Missing: return "missing";
    case DriftKind::Extra: break;
  }
  return "extra";
}

std::vector<Drift> driftOf(const FlowPlan& plan, bool deleteMissing) {
  std::vector<Drift> drift;
  for (const auto& w : plan.writes) {
    switch (w.kind) {
      case kestra::FlowChangeKind::Unchanged: break;
      case kestra::FlowChangeKind::Updated: drift.push_back({DriftKind::Differs, w.ns, w.id, w.file, w.diff, true}); break;
      case kestra::FlowChangeKind::Added: drift.push_back({DriftKind::Missing, w.ns, w.id, w.file, "", true}); break;
      case kestra::FlowChangeKind::Deleted: drift.push_back({DriftKind::Extra, w.ns, w.id, "", "", deleteMissing}); break;
    }
  }
  return drift;
}

std::vector<Drift> driftOf(const FilesPlan& plan, bool deleteMissing) {
  std::vector<Drift> drift;
  for (const auto& w : plan.writes) {
    Drift d{DriftKind::Differs, plan.ns, w.path, w.file, "", true, true};
    switch (w.kind) {
      case kestra::FlowChangeKind::Unchanged: continue;
      case kestra::FlowChangeKind::Updated: break;
      case kestra::FlowChangeKind::Added: d.kind = DriftKind::Missing; break;
      case kestra::FlowChangeKind::Deleted: d.kind = DriftKind::Extra, d.file.clear(), d.counted = deleteMissing; break;
    }
    drift.push_back(std::move(d));
  }
  return drift;
}

}  // namespace kcicd::pipeline
