#include "LocalFlows.h"

#include "flow/FlowIdentity.h"
#include "flow/NamespaceRewrite.h"
#include "flow/YamlDocuments.h"

namespace kcicd::pipeline {

namespace {

void addDocument(const FlowFile& file, const flow::DocumentText& doc, bool overrideNamespaces,
                 const std::string& mismatchHint, LocalFlows& out) {
  auto problem = [&](const std::string& message) {
    out.problems.push_back({file.display, doc.line, 1, message, "local"});
  };
  auto identity = flow::readFlowIdentity(doc.text);
  if (!identity) return problem("not a flow: a YAML mapping with a top-level id and namespace was expected");
  std::string source = doc.text;
  if (identity->ns != file.ns && overrideNamespaces) {
    auto rewritten = flow::rewriteNamespace(doc.text, file.ns);
    auto check = rewritten ? flow::readFlowIdentity(*rewritten) : std::nullopt;
    if (!check || check->ns != file.ns)
      return problem("flow '" + identity->id + "': cannot rewrite its namespace '" + identity->ns +
                     "': write `namespace: <value>` on one line at the top level");
    source = std::move(*rewritten);
  } else if (identity->ns != file.ns) {
    return problem("flow '" + identity->id + "' has namespace '" + identity->ns + "', not '" + file.ns + "'" +
                   mismatchHint);
  }
  out.flows.push_back({file.ns, identity->id, file.display, doc.line, std::move(source)});
}

}  // namespace

LocalFlows readLocalFlows(const std::vector<FlowFile>& files, bool overrideNamespaces, const std::string& mismatchHint) {
  LocalFlows out;
  for (const auto& file : files) {
    auto documents = flow::splitYamlDocuments(file.source);
    if (documents.empty()) out.problems.push_back({file.display, 1, 1, "no flow in this file", "local"});
    for (const auto& doc : documents) addDocument(file, doc, overrideNamespaces, mismatchHint, out);
  }
  return out;
}

}  // namespace kcicd::pipeline
