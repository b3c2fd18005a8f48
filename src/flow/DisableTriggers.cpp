#include "DisableTriggers.h"

#include <algorithm>
#include <vector>

#include "YamlLoader.h"

namespace kcicd::flow {

namespace {

struct Edit {
  std::uint32_t offset;
  std::uint32_t length;  // bytes replaced
  std::string text;
};

// The top-level `triggers` sequence of the only document, or a null handle.
NodeRef triggersOf(const YamlFile& file) {
  if (file.fatal || file.documents.size() != 1) return {};
  NodeRef root = file.documents[0].root();
  return root.isMapping() ? root.get("triggers") : NodeRef{};
}

// End of the plain or quoted scalar that starts at `begin`.
std::uint32_t scalarEnd(std::string_view text, std::uint32_t begin, bool inFlow) {
  char quote = text[begin];
  if (quote == '"' || quote == '\'') {
    for (std::uint32_t i = begin + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') ++i;
      else if (text[i] == quote) return i + 1;
    }
    return static_cast<std::uint32_t>(text.size());
  }
  std::uint32_t end = begin;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r' && !(inFlow && (text[end] == ',' || text[end] == '}')) &&
         !(text[end] == '#' && end > begin && text[end - 1] == ' '))
    ++end;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return end;
}

std::optional<Edit> disableOne(std::string_view text, NodeRef trigger, const YamlFile& file) {
  if (!trigger.isMapping() || trigger.size() == 0) return std::nullopt;
  std::size_t at = trigger.find("disabled");
  if (at < trigger.size()) {
    NodeRef value = trigger.value(at);
    if (value.isScalar() && value.plain() && value.text() == "true") return Edit{0, 0, ""};
    if (!value.isScalar()) return std::nullopt;
    std::uint32_t begin = value.offset();
    return Edit{begin, scalarEnd(text, begin, trigger.flowStyle()) - begin, "true"};
  }
  std::uint32_t first = trigger.key(0).offset();
  if (trigger.flowStyle()) return Edit{first, 0, "disabled: true, "};
  std::uint32_t column = file.position(first).column;
  if (column == 0) return std::nullopt;
  return Edit{first, 0, "disabled: true\n" + std::string(column - 1, ' ')};
}

bool allDisabled(const std::string& text, std::size_t count) {
  YamlFile file = loadYaml(text);
  NodeRef triggers = triggersOf(file);
  if (!triggers.isSequence() || triggers.size() != count) return false;
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    NodeRef disabled = triggers.item(i).isMapping() ? triggers.item(i).get("disabled") : NodeRef{};
    if (!disabled.isScalar() || disabled.text() != "true") return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> disableTriggers(std::string_view document) {
  YamlFile file = loadYaml(std::string(document));
  if (file.fatal || file.documents.size() != 1) return std::nullopt;
  NodeRef triggers = triggersOf(file);
  if (triggers.isNull()) return std::string(document);
  if (!triggers.isSequence()) return std::nullopt;
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    auto edit = disableOne(*file.text, triggers.item(i), file);
    if (!edit) return std::nullopt;
    if (edit->length || !edit->text.empty()) edits.push_back(std::move(*edit));
  }
  std::string out(document);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
  for (const auto& e : edits) out.replace(e.offset, e.length, e.text);
  if (!allDisabled(out, triggers.size())) return std::nullopt;
  return out;
}

}  // namespace kcicd::flow
