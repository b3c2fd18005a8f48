#include "ReadOnlyLabel.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "flow/YamlLoader.h"
#include "runtime/Errors.h"

namespace kcicd::pipeline {
namespace {

constexpr std::string_view kKey = "system.readOnly";

struct Edit {
  size_t pos;
  size_t length;  // bytes replaced
  std::string text;
};

using flow::NodeRef;

// A scalar's text ("" for nulls, collections and absent nodes).
std::string_view scalar(const NodeRef& node) { return node && !node.isNullValue() ? node.text() : ""; }

bool isTrue(const NodeRef& value) {
  std::string_view s = scalar(value);
  return s == "true" || s == "True" || s == "TRUE";
}

// The list-form entry or map-form value for system.readOnly, if present.
NodeRef findLabel(const NodeRef& labels) {
  if (labels.isMapping()) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (scalar(labels.key(i)) == kKey) return labels.value(i);
  } else if (labels.isSequence()) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      NodeRef entry = labels.item(i);
      if (entry.isMapping() && scalar(entry.get("key")) == kKey && entry.get("value")) return entry.get("value");
    }
  }
  return {};
}

// Every YAML read goes through the guarded loader (flow/YamlLoader.h): yaml-cpp's own Load/LoadAll loop
// forever on a stray `,` and have no node, depth or alias limits. The caller read the text within its
// --max-file-size already; `<<` stays a key, as yaml-cpp's node API left it.
flow::YamlFile load(std::string_view source) {
  flow::YamlOptions options;
  options.limits.maxFileBytes = std::max<std::uint64_t>(options.limits.maxFileBytes, source.size());
  options.mergeKeys = false;
  flow::YamlFile file = flow::loadYaml(std::string(source), options);
  if (file.fatal && file.fatal->kind == flow::YamlIssueKind::Empty) file.fatal.reset();  // no flow: nothing to label
  if (file.fatal) throw std::invalid_argument("not valid YAML: " + file.fatal->message);
  return file;
}

// End of the scalar written at `pos`: up to a comment (" #") or the end of the line, trailing spaces dropped.
size_t scalarEnd(std::string_view source, size_t pos) {
  size_t end = source.find_first_of("\r\n", pos);
  if (end == std::string_view::npos) end = source.size();
  if (pos < source.size() && (source[pos] == '"' || source[pos] == '\'')) {
    size_t close = source.find(source[pos], pos + 1);
    if (close != std::string_view::npos && close < end) return close + 1;
  }
  size_t comment = source.find(" #", pos);
  if (comment != std::string_view::npos && comment < end) end = comment;
  while (end > pos && (source[end - 1] == ' ' || source[end - 1] == '\t')) --end;
  return end;
}

size_t lineStart(std::string_view source, size_t pos) {
  size_t nl = source.rfind('\n', pos == 0 ? 0 : pos - 1);
  return (pos == 0 || nl == std::string_view::npos) ? 0 : nl + 1;
}

std::string newline(std::string_view source) {
  return source.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
}

// The one edit that gives this document the label.
std::optional<Edit> editFor(std::string_view source, const NodeRef& doc, size_t docIndex) {
  if (!doc.isMapping()) throw std::invalid_argument("document " + std::to_string(docIndex + 1) + " is not a YAML mapping");
  const std::string nl = newline(source);
  if (doc.size() == 0) throw std::invalid_argument("document " + std::to_string(docIndex + 1) + " is an empty mapping");
  NodeRef labelsKey, labels;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (scalar(doc.key(i)) != "labels") continue;
    labelsKey = doc.key(i);  // the last one, as yaml-cpp's node API kept it
    labels = doc.value(i);
  }
  if (!labelsKey) {
    // No labels: a new top-level entry right before the document's first key.
    size_t at = lineStart(source, doc.key(0).offset());
    return Edit{at, 0, "labels:" + nl + "  " + std::string(kKey) + ": true" + nl};
  }
  NodeRef existing = findLabel(labels);
  if (existing.isScalar()) {
    if (isTrue(existing) || existing.text() == "true") return std::nullopt;
    size_t pos = existing.offset();
    std::string value = labels.isSequence() ? "\"true\"" : "true";
    return Edit{pos, scalarEnd(source, pos) - pos, value};
  }
  if (labels.isNullValue()) {
    // `labels:` with nothing (or `~`/`null`) after it: a flow map on the same line, comment kept.
    size_t colon = source.find(':', labelsKey.offset());
    size_t end = scalarEnd(source, colon + 1);
    size_t valueStart = source.find_first_not_of(" \t", colon + 1);
    if (valueStart == std::string_view::npos || valueStart > end) valueStart = end;
    std::string map = "{" + std::string(kKey) + ": true}";
    return Edit{valueStart, end - valueStart, valueStart == colon + 1 ? " " + map : map};
  }
  if (labels.isScalar()) throw std::invalid_argument("`labels` of document " + std::to_string(docIndex + 1) + " is neither a map nor a list");
  size_t valuePos = labels.offset();
  if (labels.flowStyle()) {
    // {a: b} or [ {key: …} ]: insert right after the opening bracket.
    size_t open = source.find_first_of(labels.isMapping() ? "{" : "[", valuePos);
    if (open == std::string_view::npos) throw std::invalid_argument("`labels` of document " + std::to_string(docIndex + 1) + ": no opening bracket");
    std::string item = labels.isMapping() ? std::string(kKey) + ": true" : "{key: " + std::string(kKey) + ", value: \"true\"}";
    return Edit{open + 1, 0, item + (labels.size() > 0 ? ", " : "")};
  }
  // Block style: a new first entry, indented like the existing first entry.
  size_t firstEntry = labels.isMapping() && labels.size() > 0 ? labels.key(0).offset() : valuePos;
  size_t start = lineStart(source, firstEntry);
  std::string indent(source.substr(start, firstEntry - start));
  if (labels.isMapping()) return Edit{start, 0, indent + std::string(kKey) + ": true" + nl};
  // Sequence: `indent` ends where "- " begins; entries' keys sit 2 further.
  return Edit{start, 0, indent + "- key: " + std::string(kKey) + nl + indent + "  value: \"true\"" + nl};
}

}  // namespace

ReadOnlyMode parseReadOnlyMode(std::string_view value) {
  if (value == "off") return ReadOnlyMode::Off;
  if (value == "require") return ReadOnlyMode::Require;
  if (value == "add") return ReadOnlyMode::Add;
  throw UsageError("--read-only: unknown mode '" + std::string(value) + "' (expected off, require or add)");
}

bool hasReadOnlyLabel(std::string_view source, std::vector<std::string>* missing) {
  bool all = true;
  flow::YamlFile file = load(source);
  for (size_t i = 0; i < file.documents.size(); ++i) {
    NodeRef doc = file.documents[i].root();
    if (doc.isMapping() && isTrue(findLabel(doc.get("labels")))) continue;
    all = false;
    std::string id(doc.isMapping() ? scalar(doc.get("id")) : "");
    if (missing) missing->push_back(id.empty() ? "document " + std::to_string(i + 1) : id);
  }
  return all;
}

std::string addReadOnlyLabel(std::string_view source) {
  flow::YamlFile file = load(source);  // empty documents are already left out
  std::vector<Edit> edits;
  for (size_t i = 0; i < file.documents.size(); ++i) {
    if (file.documents[i].root().isNullValue()) continue;  // a document holding only `~`
    if (auto edit = editFor(source, file.documents[i].root(), i)) edits.push_back(*edit);
  }
  std::string out(source);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.pos > b.pos; });
  for (const auto& edit : edits) out.replace(edit.pos, edit.length, edit.text);
  return out;
}

}  // namespace kcicd::pipeline
