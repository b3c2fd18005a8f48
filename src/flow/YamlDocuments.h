#pragma once
// The text of each YAML document of a flow file, for the per-flow writes: Kestra stores each flow's source
// as it was sent, so a file holding several flows is cut at its document markers and each flow is sent on
// its own, byte for byte as written between the markers.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::flow {

struct DocumentText {
  std::string text;       // the document's bytes, without its `---` marker line
  std::size_t line = 1;   // 1-based line of the file where `text` begins
};

// Cuts `file` at the lines that YAML reads as document markers: `---` or `...` at the start of a line,
// followed by a space, a tab or the line's end. Documents holding only blank lines and comments are left
// out, like the flow validator does (FlowValidator reports no flow for them).
std::vector<DocumentText> splitYamlDocuments(std::string_view file);

// The 1-based line (within `document`) of the first line that starts with "---", or 0 when none does.
// Kestra's validate route cuts the documents it is sent, joined by "\n---\n", on the regex `\n+---\n*?`
// (FlowController.validateFlows, 1.x and 2.0), so such a line is cut even where YAML reads no marker
// (e.g. "-----").
std::size_t lineCutByValidate(std::string_view document);

}  // namespace kcicd::flow
