#include "ReadOnlyLabel.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <yaml-cpp/yaml.h>

#include "runtime/Errors.h"

namespace kcicd::pipeline {
namespace {

constexpr std::string_view kKey = "system.readOnly";

struct Edit {
  size_t pos;
  size_t length;  // bytes replaced
  std::string text;
};

std::string scalar(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

bool isTrue(const YAML::Node& value) {
  if (!value.IsDefined() || !value.IsScalar()) return false;
  const std::string& s = value.Scalar();
  return s == "true" || s == "True" || s == "TRUE";
}

// The list-form entry or map-form value for system.readOnly, if present.
YAML::Node findLabel(const YAML::Node& labels) {
  if (!labels.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
  if (labels.IsMap()) {
    for (auto it = labels.begin(); it != labels.end(); ++it)
      if (scalar(it->first) == kKey) return it->second;
  } else if (labels.IsSequence()) {
    for (const auto& entry : labels)
      if (entry.IsMap() && entry["key"] && scalar(entry["key"]) == kKey && entry["value"]) return entry["value"];
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::vector<YAML::Node> loadAll(std::string_view source) {
  try {
    return YAML::LoadAll(std::string(source));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(std::string("not valid YAML: ") + e.what());
  }
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
std::optional<Edit> editFor(std::string_view source, const YAML::Node& doc, size_t docIndex) {
  if (!doc.IsMap()) throw std::invalid_argument("document " + std::to_string(docIndex + 1) + " is not a YAML mapping");
  const std::string nl = newline(source);
  YAML::Node labelsKey, labels, firstKey;
  bool hasLabels = false, hasFirst = false;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!hasFirst) {
      firstKey = it->first;
      hasFirst = true;
    }
    if (scalar(it->first) == "labels") {
      labelsKey = it->first;
      labels = it->second;
      hasLabels = true;
    }
  }
  if (!hasFirst) throw std::invalid_argument("document " + std::to_string(docIndex + 1) + " is an empty mapping");
  if (!hasLabels) {
    // No labels: a new top-level entry right before the document's first key.
    size_t at = lineStart(source, static_cast<size_t>(firstKey.Mark().pos));
    return Edit{at, 0, "labels:" + nl + "  " + std::string(kKey) + ": true" + nl};
  }
  YAML::Node existing = findLabel(labels);
  if (existing.IsDefined() && existing.IsScalar()) {
    if (isTrue(existing) || existing.Scalar() == "true") return std::nullopt;
    size_t pos = static_cast<size_t>(existing.Mark().pos);
    std::string value = labels.IsSequence() ? "\"true\"" : "true";
    return Edit{pos, scalarEnd(source, pos) - pos, value};
  }
  if (labels.IsNull()) {
    // `labels:` with nothing (or `~`/`null`) after it: a flow map on the same line, comment kept.
    size_t colon = source.find(':', static_cast<size_t>(labelsKey.Mark().pos));
    size_t end = scalarEnd(source, colon + 1);
    size_t valueStart = source.find_first_not_of(" \t", colon + 1);
    if (valueStart == std::string_view::npos || valueStart > end) valueStart = end;
    std::string map = "{" + std::string(kKey) + ": true}";
    return Edit{valueStart, end - valueStart, valueStart == colon + 1 ? " " + map : map};
  }
  if (labels.IsScalar()) throw std::invalid_argument("`labels` of document " + std::to_string(docIndex + 1) + " is neither a map nor a list");
  size_t valuePos = static_cast<size_t>(labels.Mark().pos);
  if (labels.Style() == YAML::EmitterStyle::Flow) {
    // {a: b} or [ {key: …} ]: insert right after the opening bracket.
    size_t open = source.find_first_of(labels.IsMap() ? "{" : "[", valuePos);
    std::string item = labels.IsMap() ? std::string(kKey) + ": true" : "{key: " + std::string(kKey) + ", value: \"true\"}";
    return Edit{open + 1, 0, item + (labels.size() > 0 ? ", " : "")};
  }
  // Block style: a new first entry, indented like the existing first entry.
  size_t firstEntry = labels.IsMap() ? static_cast<size_t>(labels.begin()->first.Mark().pos) : valuePos;
  size_t start = lineStart(source, firstEntry);
  std::string indent(source.substr(start, firstEntry - start));
  if (labels.IsMap()) return Edit{start, 0, indent + std::string(kKey) + ": true" + nl};
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
  auto docs = loadAll(source);
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& doc = docs[i];
    bool ok = false;
    if (doc.IsMap()) {
      YAML::Node value = findLabel(doc["labels"]);
      ok = isTrue(value);
    }
    if (!ok) {
      all = false;
      std::string id = doc.IsMap() ? scalar(doc["id"]) : "";
      if (missing) missing->push_back(id.empty() ? "document " + std::to_string(i + 1) : id);
    }
  }
  return all;
}

std::string addReadOnlyLabel(std::string_view source) {
  auto docs = loadAll(source);
  std::vector<Edit> edits;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].IsNull()) continue;  // an empty document between separators
    if (auto edit = editFor(source, docs[i], i)) edits.push_back(*edit);
  }
  std::string out(source);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.pos > b.pos; });
  for (const auto& edit : edits) out.replace(edit.pos, edit.length, edit.text);
  return out;
}

}  // namespace kcicd::pipeline
