#include "FlowReport.h"

#include <map>
#include <set>

#include "KestraOutput.h"
#include "UpdateOutput.h"
#include "flow/FlowIdentity.h"
#include "flow/YamlDocuments.h"

namespace kcicd::cli {

namespace {

Json emptyResult(const DocumentRef& ref) {
  return {{"file", ref.file}, {"document", ref.document}, {"line", ref.line}, {"col", 1},
          {"namespace", ref.ns ? Json(*ref.ns) : Json(nullptr)}, {"id", ref.id ? Json(*ref.id) : Json(nullptr)},
          {"valid", true}, {"errors", Json::array()}, {"warnings", Json::array()}, {"infos", Json::array()},
          {"uncheckedTypes", Json::array()}};
}

Json problemJson(const pipeline::FlowProblem& p) {
  return {{"message", p.message}, {"path", ""}, {"pointer", ""}, {"line", p.line}, {"col", p.column}};
}

// The result a problem belongs to: the last document of its file starting at or before its line.
std::optional<std::size_t> owner(const std::vector<DocumentRef>& refs, const pipeline::FlowProblem& p) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < refs.size(); ++i)
    if (refs[i].file == p.file && (!found || refs[i].line <= p.line)) found = i;
  return found;
}

void addProblems(Json& results, std::vector<DocumentRef>& refs, const std::vector<pipeline::FlowProblem>& problems) {
  for (const auto& p : problems) {
    auto at = owner(refs, p);
    // The offline validation's own errors are listed already, with their property path (a deploy stops at them).
    const flow::DocumentReport* validation = at ? refs[*at].validation : nullptr;
    if (p.stage == "local" && validation && !validation->errors.empty()) continue;
    if (!at) {
      refs.push_back(DocumentRef{p.file, 0, p.line ? p.line : 1, std::nullopt, std::nullopt, nullptr});
      results.push_back(emptyResult(refs.back()));
      at = refs.size() - 1;
    }
    results[*at]["errors"].push_back(problemJson(p));
    results[*at]["valid"] = false;
  }
}

// The plan's change per flow: write k of a file is its k-th document (every document is a flow once planned).
void addPlan(Json& results, const std::vector<DocumentRef>& refs, const pipeline::FlowPlan& plan,
             const pipeline::ApplyReport* apply) {
  Json flows = flowsJson(plan, apply);
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    Json& flow = flows[i];
    Json* result = nullptr;
    if (!plan.writes[i].file.empty()) {
      std::size_t k = seen[plan.writes[i].file]++;
      for (std::size_t r = 0; r < refs.size() && !result; ++r)
        if (refs[r].file == plan.writes[i].file && refs[r].document == k) result = &results[r];
    }
    if (!result) {
      results.push_back(emptyResult(DocumentRef{"", 0, 0, plan.writes[i].ns, plan.writes[i].id, nullptr}));
      result = &results.back();
      (*result)["file"] = flow["file"];
      (*result)["line"] = flow["line"];
      (*result)["col"] = 0;
    }
    (*result)["namespace"] = flow["namespace"];  // where it is written (--namespace-prefix, --override-namespaces)
    for (const char* key : {"change", "revision", "diff", "error"})
      if (flow.contains(key)) (*result)[key] = flow[key];
  }
}

// "<namespace>.<id>" like the Kestra CLI, else the id, else the file.
std::string identity(const Json& r) {
  if (!r["id"].is_string()) return r["file"].is_string() ? r["file"].get<std::string>() : "";
  return (r["namespace"].is_string() ? r["namespace"].get<std::string>() + "." : "") + r["id"].get<std::string>();
}

}  // namespace

Json diagnosticJson(const flow::Diagnostic& d) {
  Json j = Json::object();
  j["message"] = d.message;
  j["path"] = d.path;
  j["pointer"] = d.pointer;
  j["line"] = d.position.line;
  j["col"] = d.position.column;
  if (!d.hint.empty()) j["hint"] = d.hint;
  return j;
}

Json documentJson(const flow::DocumentReport& d) {
  Json j = emptyResult(DocumentRef{d.file, d.index, d.position.line, std::nullopt, std::nullopt, nullptr});
  j["col"] = d.position.column;
  j["namespace"] = d.hasNamespace ? Json(d.ns) : Json(nullptr);
  j["id"] = d.hasId ? Json(d.id) : Json(nullptr);
  j["valid"] = d.valid();
  for (const auto& e : d.errors) j["errors"].push_back(diagnosticJson(e));
  for (const auto& w : d.warnings) j["warnings"].push_back(diagnosticJson(w));
  for (const auto& i : d.infos) j["infos"].push_back(diagnosticJson(i));
  j["uncheckedTypes"] = d.uncheckedTypes;
  return j;
}

std::vector<DocumentRef> documentRefs(const std::vector<std::string>& files, const std::vector<std::string>& sources) {
  std::vector<DocumentRef> refs;
  for (std::size_t f = 0; f < files.size() && f < sources.size(); ++f) {
    auto documents = flow::splitYamlDocuments(sources[f]);
    for (std::size_t i = 0; i < documents.size(); ++i) {
      DocumentRef ref{files[f], i, documents[i].line, std::nullopt, std::nullopt, nullptr};
      if (auto identity = flow::readFlowIdentity(documents[i].text)) {
        ref.ns = identity->ns;
        ref.id = identity->id;
      }
      refs.push_back(std::move(ref));
    }
  }
  return refs;
}

std::vector<DocumentRef> documentRefs(const std::vector<flow::FileReport>& validation) {
  std::vector<DocumentRef> refs;
  for (const auto& file : validation)
    for (const auto& d : file.documents) {
      DocumentRef ref{d.file, d.index, d.position.line, std::nullopt, std::nullopt, &d};
      if (d.hasNamespace) ref.ns = d.ns;
      if (d.hasId) ref.id = d.id;
      refs.push_back(std::move(ref));
    }
  return refs;
}

Json flowResults(const std::vector<DocumentRef>& refs, const std::vector<pipeline::FlowProblem>& problems,
                 const pipeline::FlowPlan* plan, const pipeline::ApplyReport* apply) {
  std::vector<DocumentRef> all = refs;
  Json results = Json::array();
  for (const auto& ref : all) results.push_back(ref.validation ? documentJson(*ref.validation) : emptyResult(ref));
  addProblems(results, all, problems);
  if (plan) addPlan(results, all, *plan, apply);
  return results;
}

Json resultsSummary(const Json& results) {
  std::size_t valid = 0, invalid = 0, warnings = 0;
  std::set<std::string> files, unchecked;  // distinct types, as flow validate counts them
  for (const auto& r : results) {
    if (r["file"].is_null()) continue;  // a flow deleted from the server was not checked
    files.insert(r["file"].get<std::string>());
    (r["valid"].get<bool>() ? valid : invalid) += 1;
    warnings += r["warnings"].size();
    for (const auto& type : r["uncheckedTypes"]) unchecked.insert(type.get<std::string>());
  }
  return {{"files", files.size()}, {"documents", valid + invalid}, {"valid", valid}, {"invalid", invalid},
          {"warnings", warnings}, {"uncheckedTypes", unchecked.size()}};
}

std::string errorLine(const std::string& message, const std::string& path, const std::string& file,
                      std::size_t line, std::size_t col) {
  std::string where = file;
  if (line) where += ":" + std::to_string(line) + (col ? ":" + std::to_string(col) : "");
  return "\t- " + message + (path.empty() ? "" : " : " + path) + " (" + where + ")";
}

void printInvalidResults(Context& ctx, OutputFormat format, const Json& results) {
  for (const auto& r : results) {
    std::string file = r["file"].is_string() ? r["file"].get<std::string>() : "";
    std::string title = "Kestra flow " + identity(r);
    if (format == OutputFormat::Github) {
      for (const char* level : {"error", "warning"})
        for (const auto& e : r[std::string(level) + "s"]) {
          std::size_t line = e.value("line", std::size_t(0)), col = e.value("col", std::size_t(0));
          if (!line) line = r["line"].get<std::size_t>();
          std::string text = e["message"].get<std::string>() + (e.value("path", "").empty() ? "" : " : " + e["path"].get<std::string>()) +
                             (e.contains("hint") ? "\nhint: " + e["hint"].get<std::string>() : "");
          ctx.console->workflowCommand(githubAnnotation(level, {file, line, col, title}, text));
        }
      continue;
    }
    if (r["valid"].get<bool>()) continue;
    ctx.console->err("\u2718 - " + file);
    ctx.console->err("\tUnable to parse flow due to the following error(s):");
    for (const auto& e : r["errors"]) {
      ctx.console->err(errorLine(e["message"], e.value("path", ""), file, e.value("line", std::size_t(0)),
                                 e.value("col", std::size_t(0))));
      if (e.contains("hint")) ctx.console->err("\t  hint: " + e["hint"].get<std::string>());
    }
  }
}

void resultMetrics(Context& ctx, const Json& summary) {
  ctx.console->counter("flows.valid", summary["valid"].get<double>());
  ctx.console->counter("flows.invalid", summary["invalid"].get<double>());
}

}  // namespace kcicd::cli
