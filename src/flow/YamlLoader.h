#pragma once
// Loads flow YAML into YamlDocuments with positions, under limits: a file is checked for size, binary
// content and UTF-8 before yaml-cpp sees it, flow-collection nesting is bounded before parsing (yaml-cpp's
// scanner otherwise buffers a whole deeply nested collection), and the tree builder bounds nesting depth and
// the nodes reachable through aliases. Every failure is a YamlIssue, never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "DiagnosticCap.h"
#include "FlowFiles.h"
#include "YamlBudget.h"
#include "YamlTree.h"

namespace kcicd::flow {

struct YamlLimits {
  std::uint64_t maxFileBytes = kDefaultMaxFileBytes;  // checked before reading (FlowFiles.h)
  std::uint32_t maxDepth = 256;                      // nested mappings/sequences
  std::uint64_t maxAliasNodes = 100000;              // nodes reached through aliases (and merge keys)
  // Per-document issues (duplicate or complex keys) kept per file; the others are only counted, so that a
  // file of a million duplicate keys does not hold a million issues.
  std::size_t maxIssues = kDefaultMaxDiagnostics;
};

enum class YamlIssueKind {
  Unreadable,    // the file cannot be opened or read
  TooLarge,      // larger than maxFileBytes
  Empty,         // no content, or only comments/whitespace
  Binary,        // NUL bytes
  Encoding,      // UTF-16/32, or invalid UTF-8
  TooDeep,       // nesting deeper than maxDepth
  AliasBomb,     // aliases expand past maxAliasNodes
  Syntax,        // YAML syntax error (yaml-cpp), unknown or recursive alias
  DuplicateKey,  // the same key twice in one mapping (Kestra parses with STRICT_DUPLICATE_DETECTION)
  ComplexKey,    // a mapping or sequence used as a key (e.g. an unquoted `{{ … }}`)
  RunBudget,     // the run's YAML node or flow byte budget (YamlBudget) is spent
};

struct YamlIssue {
  YamlIssue(YamlIssueKind k, std::string m) : kind(k), message(std::move(m)) {}
  YamlIssue(YamlIssueKind k, std::string m, std::uint32_t at, bool known = true, std::string p = {})
      : kind(k), message(std::move(m)), offset(at), hasOffset(known), pointer(std::move(p)) {}

  YamlIssueKind kind;
  std::string message;   // final text, e.g. "Duplicate field 'tf'"
  std::uint32_t offset = 0;
  bool hasOffset = false;
  std::string pointer;   // RFC 6901 pointer of the offending node when known
};

// A loaded file: its text, line index and documents. Movable; documents stay valid.
struct YamlFile {
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const LineIndex> lines;
  std::vector<YamlDocument> documents;
  // Per-document issues that do not stop loading (duplicate keys, complex keys), same order as documents.
  std::vector<std::vector<YamlIssue>> documentIssues;
  // Per document too: issues past limits.maxIssues, counted but not kept.
  std::vector<std::size_t> omittedIssues;
  // An issue that stopped loading (documents before it are kept).
  std::optional<YamlIssue> fatal;

  Position position(std::uint32_t offset) const { return lines ? lines->at(offset) : Position{}; }
};

struct YamlOptions {
  YamlLimits limits;
  bool mergeKeys = true;  // resolve `<<` merge keys (Kestra 1.x parses with SnakeYAML); false keeps `<<` as a key
  // The run's budget, shared by every file of the run (not owned); nullptr: only the per-file limits.
  YamlBudget* budget = nullptr;
};

// Parses `text` (taken over). Empty documents are dropped unless all are empty (then an Empty issue).
YamlFile loadYaml(std::string text, const YamlOptions& options = {});

// Reads `path` (refusing files over the size limit before reading them) and parses it.
YamlFile loadYamlFile(const std::filesystem::path& path, const YamlOptions& options = {});

// Pre-parse checks, exposed for tests: binary, UTF-16/32, invalid UTF-8 (nullopt when the text is fine).
std::optional<YamlIssue> checkEncoding(std::string_view text);
// Offset of the first flow collection (`[`/`{`) nested deeper than maxDepth, found by a light pre-scan.
std::optional<std::uint32_t> findDeepFlowNesting(std::string_view text, std::uint32_t maxDepth);

}  // namespace kcicd::flow
