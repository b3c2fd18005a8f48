#pragma once
// `deploy --check`: where the server no longer matches Git, from a plan that wrote nothing. Someone may
// have edited a flow in Kestra's UI, deleted it, or created one Git does not hold; like Terraform's drift,
// each is named so that an alert can say what to look at.
#include <string>
#include <vector>

#include "pipeline/FlowPlan.h"
#include "pipeline/NamespaceFilesUpdate.h"

namespace kcicd::pipeline {

enum class DriftKind {
  Differs,  // the server's source is not the file's, byte for byte
  Missing,  // in Git, not on the server
  Extra,    // on the server, not in Git: drift only when the deploy deletes (--delete)
};

struct Drift {
  DriftKind kind;
  std::string ns, id;  // for a namespace file: its path on the server ("/scripts/run.py")
  std::string file;   // the Git file (Differs, Missing)
  std::string diff;   // Differs: server → file
  bool counted = true;  // Extra without --delete is shown, not counted
  bool namespaceFile = false;  // a namespace file (files/<namespace>/…), not a flow
};

// The plan must have been made with deleteMissing on, so that flows only on the server are in it.
std::vector<Drift> driftOf(const FlowPlan& plan, bool deleteMissing);
// The same for a namespace's files, planned with deleteMissing on (the files only on the server are in it).
std::vector<Drift> driftOf(const FilesPlan& plan, bool deleteMissing);
std::string_view toString(DriftKind kind);  // "differs", "missing", "extra"

}  // namespace kcicd::pipeline
