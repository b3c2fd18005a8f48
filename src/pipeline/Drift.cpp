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

}  // namespace kcicd::pipeline
