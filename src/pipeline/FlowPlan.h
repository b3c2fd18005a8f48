#pragma once
// The plan of a namespace update: what each flow write will do, decided by comparing the local source
// with the source the server stores, byte for byte. Kestra makes a new revision exactly when the stored
// source differs by one byte (kestra-server-behaviour.md), so UPDATED here means "a new revision".
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "kestra/ClientPool.h"
#include "kestra/NamespaceDiff.h"
#include "pipeline/FlowProblem.h"

namespace kcicd::pipeline {

// One flow to write: one YAML document of a local file.
struct LocalFlow {
  std::string ns, id;
  std::string file;       // as shown to the user
  std::size_t line = 1;   // where the document starts in the file
  std::string source;     // what is sent, byte for byte
};

struct PlannedWrite {
  kestra::FlowChangeKind kind;
  std::string ns, id;
  std::string file;                         // the local file; empty for DELETED
  std::size_t line = 0;
  std::optional<kestra::StoredFlow> before;  // what the server held; nullopt for ADDED
  std::string source;                       // ADDED, UPDATED: what is written
  std::string diff;                         // UPDATED: unified diff server → local
};

struct FlowPlan {
  std::vector<std::string> namespaces;  // in order
  std::vector<PlannedWrite> writes;     // per namespace: local flows in order, then deletions
  std::size_t count(kestra::FlowChangeKind kind) const;
};

// Reads each namespace's flows (GET /flows/{ns}) and the source of each flow the plan touches
// (GET /flows/{ns}/{id}?source=true), through the pool, and compares. With `deleteMissing`, flows of a
// namespace that no local flow names are DELETED. Throws RemoteError when a read fails.
FlowPlan planWrites(kestra::ClientPool& pool, const std::vector<LocalFlow>& local,
                    const std::vector<std::string>& namespaces, bool deleteMissing);

// Two local flows with the same namespace and id would overwrite each other: one problem per repeat,
// naming both files.
std::vector<FlowProblem> duplicateFlows(const std::vector<LocalFlow>& local);

// A flow whose text holds a line starting with "---" would be cut in two by the validate route's split:
// refused before anything is sent, naming file:line.
std::vector<FlowProblem> flowsCutByValidate(const std::vector<LocalFlow>& local);

}  // namespace kcicd::pipeline
