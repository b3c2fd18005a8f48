#pragma once
// What validating a flow file produces: one DocumentReport per YAML document (a flow), each with Kestra's
// error texts, the property path Kestra prints, a JSON pointer and a line/column.
#include <cstddef>
#include <string>
#include <vector>

#include "YamlTree.h"

namespace kcicd::flow {

struct Diagnostic {
  std::string message;  // Kestra's text, e.g. "must not be empty"
  std::string path;     // Kestra's property path, e.g. "tasks", "my-task.message", "yaml"; "" for the flow itself
  std::string pointer;  // RFC 6901 pointer into the document, e.g. "/tasks/0/message"
  Position position;    // 1-based; 0 when unknown
  bool parse = false;   // found while parsing (Kestra stops at the first such error) rather than by bean validation
  std::string hint = {};  // ours, never Kestra's: how to migrate ("use io.kestra.plugin.core.flow.Loop"); "" when none
};

struct DocumentReport {
  std::string file;
  std::size_t index = 0;      // 0-based position of the document in its file
  std::size_t documents = 1;  // how many documents the file holds
  Position position;          // where the document starts
  std::string ns;             // namespace, when the document has one
  std::string id;
  bool hasNamespace = false;
  bool hasId = false;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;  // deprecations ("tasks[0] is deprecated") and Kestra's warnings
  std::vector<Diagnostic> infos;     // relocations ("<alias> is replaced by <class>")
  std::vector<std::string> uncheckedTypes;  // plugin types outside the catalog, sorted, unique

  bool valid() const { return errors.empty(); }
  // Kestra's `constraints` text (ValidateConstraintViolation): "<path>: <message>" lines for bean violations,
  // the exception message ("Illegal flow source: …", "Invalid type: …") for parse errors; "" when valid.
  std::string constraints;

  // "<namespace>.<id>" like the Kestra CLI, else the id, else the file.
  std::string identity() const;
};

struct FileReport {
  std::string file;
  std::vector<DocumentReport> documents;  // at least one

  bool valid() const;
};

}  // namespace kcicd::flow
