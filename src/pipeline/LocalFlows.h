#pragma once
// Flow files → the flows to write, one per YAML document, each with the id and namespace it declares.
#include <string>
#include <vector>

#include "pipeline/FlowPlan.h"
#include "pipeline/FlowProblem.h"

namespace kcicd::pipeline {

struct FlowFile {
  std::string ns;       // the namespace its flows are written to
  std::string display;  // the path shown to the user
  std::string source;   // the file's bytes (after any read-only label edit)
};

struct LocalFlows {
  std::vector<LocalFlow> flows;
  std::vector<FlowProblem> problems;  // not a flow, or a flow of another namespace
};

// Cuts each file at its YAML document markers and reads each document's top-level id and namespace.
// A flow whose namespace is not its file's `ns` is a problem ending with `mismatchHint`, or, with
// `overrideNamespaces`, has its `namespace:` value rewritten (flow/NamespaceRewrite.h).
LocalFlows readLocalFlows(const std::vector<FlowFile>& files, bool overrideNamespaces, const std::string& mismatchHint);

}  // namespace kcicd::pipeline
