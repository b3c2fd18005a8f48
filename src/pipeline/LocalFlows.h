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

struct LocalFlowOptions {
  bool overrideNamespaces = false;  // a flow of another namespace takes its file's (else: a problem)
  std::string mismatchHint;         // ends the problem of a flow of another namespace
  std::string namespacePrefix;      // deploy --namespace-prefix P: the flows of `ns` are written to `P.ns`
  bool disableTriggers = false;     // deploy --disable-triggers: every trigger written `disabled: true`
};

// Cuts each file at its YAML document markers and reads each document's top-level id and namespace.
// A flow whose namespace is not its file's `ns` is a problem ending with `mismatchHint`, or, with
// `overrideNamespaces`, has its `namespace:` value rewritten (flow/NamespaceRewrite.h); with a prefix, the
// value is rewritten to `prefix.ns`. Every other byte is kept.
LocalFlows readLocalFlows(const std::vector<FlowFile>& files, const LocalFlowOptions& options);

// The namespace the flows of `ns` are written to: `prefix.ns`, or `ns` without a prefix.
std::string targetNamespace(const std::string& ns, const std::string& prefix);

}  // namespace kcicd::pipeline
