#include "LocalFlows.h"

#include "flow/DisableTriggers.h"
#include "flow/FlowIdentity.h"
#include "flow/NamespaceRewrite.h"
#include "flow/YamlDocuments.h"

namespace kcicd::pipeline {

namespace {

void addDocument(const FlowFile& file, const flow::DocumentText& doc, const LocalFlowOptions& options,
                 LocalFlows& out) {
  auto problem = [&](const std::string& message) {
    out.problems.push_back({file.display, doc.line, 1, message, "local"});
  };
  auto identity = flow::readFlowIdentity(doc.text);
  if (!identity) return problem("not a flow: a YAML mapping with a top-level id and namespace was expected");
  if (identity->ns != file.ns && !options.overrideNamespaces)
    return problem("flow '" + identity->id + "' has namespace '" + identity->ns + "', not '" + file.ns + "'" +
                   options.mismatchHint);
  std::string target = targetNamespace(file.ns, options.namespacePrefix);
  std::string source = doc.text;
  if (identity->ns != target) {
    auto rewritten = flow::rewriteNamespace(doc.text, target);
    auto check = rewritten ? flow::readFlowIdentity(*rewritten) : std::nullopt;
    if (!check || check->ns != target)
      return problem("flow '" + identity->id + "': cannot rewrite its namespace '" + identity->ns +
                     "': write `namespace: <value>` on one line at the top level");
    source = std::move(*rewritten);
  }
  if (options.disableTriggers) {
    auto disabled = flow::disableTriggers(source);
    if (!disabled)
      return problem("flow '" + identity->id + "': cannot disable its triggers (--disable-triggers): write "
                     "`triggers:` as a list of mappings");
    source = std::move(*disabled);
  }
  out.flows.push_back({target, identity->id, file.display, doc.line, std::move(source)});
}

}  // namespace

std::string targetNamespace(const std::string& ns, const std::string& prefix) {
  return prefix.empty() ? ns : prefix + "." + ns;
}

LocalFlows readLocalFlows(const std::vector<FlowFile>& files, const LocalFlowOptions& options) {
  LocalFlows out;
  for (const auto& file : files) {
    auto documents = flow::splitYamlDocuments(file.source);
    if (documents.empty()) out.problems.push_back({file.display, 1, 1, "no flow in this file", "local"});
    for (const auto& doc : documents) addDocument(file, doc, options, out);
  }
  return out;
}

}  // namespace kcicd::pipeline
