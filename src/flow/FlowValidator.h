#pragma once
// Offline flow validation faithful to Kestra (`kestra flow validate --local`), Kestra 2.0 rules by default.
//
//   flow::FlowValidator validator({.version = flow::KestraVersion::V1_3});
//   flow::FileReport report = validator.validate(sourceText, "flows/prod/hello.yml");
//
// Each YAML document of the source is one flow (the Kestra CLI reads a file as one flow and ignores later
// documents; the server splits request bodies on `\n+---\n*?`; kestra-cicd follows YAML's own document
// markers, so `---` inside a block scalar never splits a flow). Like Kestra, a document is first parsed
// strictly (unknown properties, unknown types, wrong value shapes, duplicate keys: "parse" errors) and only
// a document that parses is bean-validated (constraints, class-level validators, FlowValidator). Kestra
// stops at the first parse error; kestra-cicd reports all of them. Thread-safe: one validator may serve
// several threads.
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "KestraVersion.h"
#include "ValidationReport.h"
#include "YamlLoader.h"

namespace kcicd::flow {

class PluginCatalog;

// A problem found by an external checker (e.g. the server's plugin JSON schema) on the document as JSON.
struct ExternalViolation {
  std::string pointer;  // RFC 6901, e.g. "/tasks/0/format"
  std::string message;
};

// Called with each document that parses, converted to JSON (YAML scalars resolved: numbers, booleans, null).
using ExternalCheck = std::function<std::vector<ExternalViolation>(const nlohmann::json& document)>;

struct ValidatorOptions {
  KestraVersion version = kDefaultKestraVersion;
  YamlLimits limits;
  ExternalCheck externalCheck;  // optional, run on documents that pass the built-in checks' parse phase
  std::size_t maxDiagnostics = kDefaultMaxDiagnostics;  // kept per file (DiagnosticCap.h), at least 1
  // The budget of one validator's whole run (YamlBudget.h): YAML nodes and flow bytes across all files.
  std::uint64_t maxRunNodes = kDefaultMaxRunNodes;
  std::uint64_t maxRunBytes = kDefaultMaxRunBytes;
};

class FlowValidator {
 public:
  explicit FlowValidator(ValidatorOptions options = {}, const PluginCatalog* catalog = nullptr);

  // Validates every document of `source`; `file` is only used for naming.
  FileReport validate(std::string source, const std::string& file) const;
  // Reads the file (never more than the size limit) and validates it; `displayName` names it in reports.
  FileReport validateFile(const std::filesystem::path& path, const std::string& displayName) const;

  const ValidatorOptions& options() const { return options_; }
  const PluginCatalog& catalog() const;

 private:
  FileReport validateLoaded(YamlFile&& yaml, const std::string& file) const;
  YamlOptions yamlOptions() const;

  ValidatorOptions options_;
  const PluginCatalog* catalog_;
  // Shared by every file this validator sees, from any thread: one validator is one run.
  std::shared_ptr<YamlBudget> budget_;
};

}  // namespace kcicd::flow
