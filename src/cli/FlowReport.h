#pragma once
// The one report model of every command that reports flows (docs/report-schema.json): a flow result per
// YAML document (file, document index, line, col, namespace, id, valid, errors[], warnings[], infos[],
// uncheckedTypes) and a summary, printed as Kestra-style text, one JSON document or GitHub annotations.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "Context.h"
#include "flow/ValidationReport.h"
#include "pipeline/FlowPlan.h"
#include "pipeline/PlanApply.h"
#include "pipeline/FlowProblem.h"

namespace kcicd::cli {

// One diagnostic: message, path, pointer, line, col (and hint when there is one).
Json diagnosticJson(const flow::Diagnostic& d);
// One flow result of an offline validation.
Json documentJson(const flow::DocumentReport& d);

// Where a flow document of a local file starts, and what it declares: the documents a report lists.
struct DocumentRef {
  std::string file;
  std::size_t document = 0, line = 1;
  std::optional<std::string> ns, id;
  const flow::DocumentReport* validation = nullptr;  // its offline validation, when there was one
};

// Every document of each file (sources[i] is the text of files[i]), with the id and namespace it declares.
std::vector<DocumentRef> documentRefs(const std::vector<std::string>& files, const std::vector<std::string>& sources);
// The documents an offline validation read.
std::vector<DocumentRef> documentRefs(const std::vector<flow::FileReport>& validation);

// The flow results of `flow namespace update` and `deploy`: one per document of `refs` with the problems
// found in it as errors (a problem outside every document gets a result of its own), and, once planned, the
// plan's `change` (dry run ADDED…, else created…), `revision`, `diff` and `error` per flow; a flow deleted
// from the server has no file (null).
Json flowResults(const std::vector<DocumentRef>& refs, const std::vector<pipeline::FlowProblem>& problems,
                 const pipeline::FlowPlan* plan, const pipeline::ApplyReport* apply);
// {files, documents, valid, invalid, warnings, uncheckedTypes} over flow results (files: those they name).
Json resultsSummary(const Json& results);

// "\t- <message> : <path> (<file>:<line>:<col>)", the error line of `flow validate`.
std::string errorLine(const std::string& message, const std::string& path, const std::string& file,
                      std::size_t line, std::size_t col);
// The invalid results: Kestra-style text on stderr, or (github) one error annotation per error. Warnings are
// annotations in github format.
void printInvalidResults(Context& ctx, OutputFormat format, const Json& results);
// Metrics every command reporting flows sends: flows.valid, flows.invalid.
void resultMetrics(Context& ctx, const Json& summary);

}  // namespace kcicd::cli
