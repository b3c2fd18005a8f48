#include "YamlLoader.h"

#include "FlowFiles.h"
#include "runtime/SizeLimit.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <limits>
#include <stdexcept>
#include <streambuf>

namespace kcicd::flow {

namespace {

// An istream over memory, without copying it.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Thrown from the event handler to stop yaml-cpp; carries a finished issue.
struct StopLoading {
  YamlIssue issue;
};

constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

std::uint32_t toOffset(const YAML::Mark& mark, std::size_t textSize) {
  if (mark.pos < 0) return 0;
  return static_cast<std::uint32_t>(std::min<std::size_t>(static_cast<std::size_t>(mark.pos), textSize));
}

}  // namespace

// Builds one YamlDocument from yaml-cpp events.
class YamlTreeBuilder final : public YAML::EventHandler {
 public:
  YamlTreeBuilder(YamlDocument& doc, std::vector<YamlIssue>& issues, const YamlOptions& options,
                  std::uint64_t& aliasNodes, std::size_t& keptIssues, std::size_t textSize, std::uint32_t baseOffset)
      : doc_(doc), issues_(issues), options_(options), aliasNodes_(aliasNodes), keptIssues_(keptIssues),
        textSize_(textSize), base_(baseOffset) {}

  bool sawContent() const { return sawContent_; }
  std::size_t omittedIssues() const { return omittedIssues_; }

  void OnDocumentStart(const YAML::Mark& mark) override { doc_.start_ = offset(mark); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    std::uint32_t node = addNode(NodeKind::Null, ScalarStyle::Plain, offset(mark));
    weight_[node] = 1;
    registerAnchor(anchor, node);
    attach(node);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    sawContent_ = true;
    std::uint32_t node = addNode(NodeKind::Scalar, tag == "?" ? ScalarStyle::Plain : ScalarStyle::Quoted, offset(mark));
    auto& n = doc_.nodes_[node];
    n.begin = static_cast<std::uint32_t>(doc_.chars_.size());
    n.size = static_cast<std::uint32_t>(value.size());
    doc_.chars_ += value;
    weight_[node] = 1;
    registerAnchor(anchor, node);
    attach(node);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    sawContent_ = true;
    std::uint32_t target = anchor < anchors_.size() ? anchors_[anchor] : kNoNode;
    if (target == kNoNode || weight_[target] == 0) {
      stop(YamlIssueKind::Syntax, "YAML parsing error: recursive alias: an anchor cannot contain an alias to itself",
           offset(mark));
    }
    countAliasNodes(weight_[target], offset(mark));
    // An alias must not make the tree deeper than the limit either (chains of anchors nest logically).
    if (open_.size() + height_[target] > options_.limits.maxDepth) tooDeep(offset(mark));
    attach(target);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    openCollection(NodeKind::Sequence, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { closeCollection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    openCollection(NodeKind::Mapping, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { closeCollection(); }

 private:
  struct Open {
    std::uint32_t node;
    std::uint32_t firstPending;
    std::string token;  // JSON pointer token of this node in its parent
  };

  std::uint32_t offset(const YAML::Mark& mark) const {
    return static_cast<std::uint32_t>(std::min<std::size_t>(toOffset(mark, textSize_) + base_, textSize_));
  }

  std::uint32_t addNode(NodeKind kind, ScalarStyle style, std::uint32_t at) {
    // Every node needs at least one character of input (an implicit null two at most): more nodes than that
    // means yaml-cpp is looping (it does on some malformed input), so stop it.
    if (doc_.nodes_.size() > 2 * textSize_ + 64) stall(at);
    if (options_.budget && !options_.budget->takeNodes(1)) {
      stop(YamlIssueKind::RunBudget,
           "more than " + std::to_string(options_.budget->maxNodes()) +
               " YAML nodes in this run (limit: --max-yaml-nodes): this file and the ones after it are not "
               "checked; raise the limit if the repository really holds that many",
           at);
    }
    doc_.nodes_.push_back(YamlDocument::Node{kind, style, false, at, 0, 0});
    weight_.push_back(0);
    height_.push_back(0);
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  void registerAnchor(YAML::anchor_t anchor, std::uint32_t node) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, kNoNode);
    anchors_[anchor] = node;
  }

  std::string childToken() const {
    if (open_.empty()) return {};
    const Open& parent = open_.back();
    std::size_t count = pending_.size() - parent.firstPending;
    if (doc_.nodes_[parent.node].kind == NodeKind::Sequence) return std::to_string(count);
    // In a mapping the key was attached just before this node.
    if (count % 2 == 1) {
      const auto& key = doc_.nodes_[pending_.back()];
      if (key.kind == NodeKind::Scalar) return jsonPointerToken(std::string_view(doc_.chars_.data() + key.begin, key.size));
    }
    return "?";
  }

  void attach(std::uint32_t node) {
    if (open_.empty()) {
      doc_.root_ = node;
      hasRoot_ = true;
    } else {
      pending_.push_back(node);
    }
  }

  void openCollection(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
    sawContent_ = true;
    if (open_.size() >= options_.limits.maxDepth) tooDeep(offset(mark));
    std::uint32_t node = addNode(kind, ScalarStyle::Plain, offset(mark));
    doc_.nodes_[node].flow = flow;
    registerAnchor(anchor, node);  // incomplete (weight 0) until closed: an alias to it now is recursive
    std::string token = childToken();
    attach(node);
    open_.push_back(Open{node, static_cast<std::uint32_t>(pending_.size()), std::move(token)});
  }

  void closeCollection() {
    Open frame = std::move(open_.back());
    open_.pop_back();
    auto first = pending_.begin() + frame.firstPending;
    if (doc_.nodes_[frame.node].kind == NodeKind::Mapping) finishMapping(frame, first);
    auto& n = doc_.nodes_[frame.node];
    n.begin = static_cast<std::uint32_t>(doc_.children_.size());
    n.size = static_cast<std::uint32_t>(pending_.end() - first);
    std::uint64_t weight = 1;
    std::uint32_t height = 0;
    for (auto it = first; it != pending_.end(); ++it) {
      weight += weight_[*it];
      height = std::max(height, height_[*it]);
    }
    height_[frame.node] = height + 1;
    if (open_.size() + height_[frame.node] > options_.limits.maxDepth) tooDeep(doc_.nodes_[frame.node].offset);
    weight_[frame.node] = static_cast<std::uint32_t>(std::min<std::uint64_t>(weight, 0xFFFFFFFFu));
    doc_.children_.insert(doc_.children_.end(), first, pending_.end());
    pending_.erase(first, pending_.end());
  }

  // Pointer of the mapping `frame` (already popped from open_), plus `/key` when given.
  std::string pointerTo(const Open& frame, const std::string_view* key) const {
    std::string pointer;
    if (!open_.empty()) {
      for (std::size_t i = 1; i < open_.size(); ++i) pointer += "/" + open_[i].token;
      pointer += "/" + frame.token;
    }
    if (key) pointer += "/" + jsonPointerToken(*key);
    return pointer;
  }

  std::string_view scalarText(std::uint32_t node) const {
    const auto& n = doc_.nodes_[node];
    return std::string_view(doc_.chars_.data() + n.begin, n.size);
  }

  // Duplicate and complex keys; `<<` merge keys (YAML 1.1, as SnakeYAML does) when enabled.
  void finishMapping(const Open& frame, std::vector<std::uint32_t>::iterator first) {
    std::size_t entries = static_cast<std::size_t>(pending_.end() - first) / 2;
    bool hasMerge = false;
    for (std::size_t i = 0; i < entries; ++i) {
      std::uint32_t key = *(first + 2 * i);
      const auto& k = doc_.nodes_[key];
      if (k.kind == NodeKind::Sequence || k.kind == NodeKind::Mapping) {
        if (!keepIssue()) continue;
        YamlIssue issue{YamlIssueKind::ComplexKey,
                        "YAML syntax error: Unexpected mapping start. Verify that scalar values are properly quoted if "
                        "needed. A mapping or list cannot be a key: quote values such as {{ … }}",
                        k.offset, true, pointerTo(frame, nullptr)};
        issues_.push_back(std::move(issue));
        continue;
      }
      if (options_.mergeKeys && k.kind == NodeKind::Scalar && k.style == ScalarStyle::Plain && scalarText(key) == "<<")
        hasMerge = true;
    }
    // Duplicates among scalar keys (compared as text, like Jackson field names).
    auto textOf = [&](std::size_t i) -> std::string_view {
      const auto& k = doc_.nodes_[*(first + 2 * i)];
      if (k.kind != NodeKind::Scalar) return std::string_view("\x01null", 5);
      return scalarText(*(first + 2 * i));
    };
    auto reportDuplicate = [&](std::size_t i) {
      std::string_view name = textOf(i);
      if (name == std::string_view("\x01null", 5)) name = "null";
      if (hasMerge && name == "<<") return;
      if (!keepIssue()) return;
      YamlIssue issue{YamlIssueKind::DuplicateKey, "Duplicate field '" + std::string(name) + "'",
                      doc_.nodes_[*(first + 2 * i)].offset, true, pointerTo(frame, &name)};
      issues_.push_back(std::move(issue));
    };
    if (entries <= 24) {
      for (std::size_t i = 1; i < entries; ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (textOf(i) == textOf(j)) {
            reportDuplicate(i);
            break;
          }
    } else {
      std::vector<std::size_t> order(entries);
      for (std::size_t i = 0; i < entries; ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return textOf(a) < textOf(b); });
      std::vector<std::size_t> duplicates;
      for (std::size_t i = 1; i < entries; ++i)
        if (textOf(order[i]) == textOf(order[i - 1])) duplicates.push_back(order[i]);
      std::sort(duplicates.begin(), duplicates.end());
      for (std::size_t i : duplicates) reportDuplicate(i);
    }
    if (hasMerge) applyMerge(first, entries);
  }

  void applyMerge(std::vector<std::uint32_t>::iterator first, std::size_t entries) {
    std::vector<std::uint32_t> explicitEntries;
    std::vector<std::uint32_t> sources;
    for (std::size_t i = 0; i < entries; ++i) {
      std::uint32_t key = *(first + 2 * i), value = *(first + 2 * i + 1);
      const auto& k = doc_.nodes_[key];
      if (k.kind == NodeKind::Scalar && k.style == ScalarStyle::Plain && scalarText(key) == "<<") {
        const auto& v = doc_.nodes_[value];
        if (v.kind == NodeKind::Mapping) {
          sources.push_back(value);
        } else if (v.kind == NodeKind::Sequence) {
          for (std::uint32_t c = 0; c < v.size; ++c) sources.push_back(doc_.children_[v.begin + c]);
        }
        bool ok = v.kind == NodeKind::Mapping || v.kind == NodeKind::Sequence;
        for (std::uint32_t s : sources) ok = ok && doc_.nodes_[s].kind == NodeKind::Mapping;
        if (!ok) {
          stop(YamlIssueKind::Syntax,
               "YAML parsing error: expected a mapping or list of mappings for merging (<<)", k.offset);
        }
        continue;
      }
      explicitEntries.push_back(key);
      explicitEntries.push_back(value);
    }
    auto present = [&](std::string_view name) {
      for (std::size_t i = 0; i < explicitEntries.size(); i += 2) {
        const auto& k = doc_.nodes_[explicitEntries[i]];
        if (k.kind == NodeKind::Scalar && scalarText(explicitEntries[i]) == name) return true;
      }
      return false;
    };
    for (std::uint32_t source : sources) {
      const auto& s = doc_.nodes_[source];
      for (std::uint32_t e = 0; e + 1 < s.size; e += 2) {
        std::uint32_t key = doc_.children_[s.begin + e], value = doc_.children_[s.begin + e + 1];
        if (doc_.nodes_[key].kind != NodeKind::Scalar || present(scalarText(key))) continue;
        countAliasNodes(std::uint64_t{weight_[key]} + weight_[value], s.offset);
        explicitEntries.push_back(key);
        explicitEntries.push_back(value);
      }
    }
    pending_.erase(first, pending_.end());
    pending_.insert(pending_.end(), explicitEntries.begin(), explicitEntries.end());
  }

  // Whether one more issue may be kept in this file (limits.maxIssues); counts it as omitted otherwise.
  bool keepIssue() {
    if (keptIssues_ < options_.limits.maxIssues) {
      ++keptIssues_;
      return true;
    }
    ++omittedIssues_;
    return false;
  }

  void countAliasNodes(std::uint64_t nodes, std::uint32_t at) {
    aliasNodes_ += nodes;
    if (aliasNodes_ > options_.limits.maxAliasNodes) {
      stop(YamlIssueKind::AliasBomb,
           "aliases expand to more than " + std::to_string(options_.limits.maxAliasNodes) +
               " nodes (limit: --max-alias-nodes): refusing a possible alias bomb",
           at);
    }
  }

  [[noreturn]] void stall(std::uint32_t at) { throw StopLoading{stalled(at)}; }

 public:
  // yaml-cpp 0.7 loops forever on some malformed input (a stray `,` outside a flow collection).
  static YamlIssue stalled(std::uint32_t at) {
    return YamlIssue(YamlIssueKind::Syntax,
                     "YAML parsing error: the YAML parser stopped making progress (a stray ',' outside a [ ] or { } "
                     "collection?)",
                     at);
  }

 private:
  [[noreturn]] void tooDeep(std::uint32_t at) {
    stop(YamlIssueKind::TooDeep,
         "nesting deeper than " + std::to_string(options_.limits.maxDepth) + " levels (limit: --max-depth)", at);
  }

  [[noreturn]] void stop(YamlIssueKind kind, std::string message, std::uint32_t at) {
    throw StopLoading{YamlIssue(kind, std::move(message), at)};
  }

  YamlDocument& doc_;
  std::vector<YamlIssue>& issues_;
  const YamlOptions& options_;
  std::uint64_t& aliasNodes_;
  std::size_t& keptIssues_;      // issues kept in the whole file
  std::size_t omittedIssues_ = 0;  // issues of this document past the limit
  std::size_t textSize_;
  std::uint32_t base_;
  std::vector<Open> open_;
  std::vector<std::uint32_t> pending_;
  std::vector<std::uint32_t> anchors_;
  std::vector<std::uint32_t> weight_;  // nodes reachable from each node, aliases expanded (saturating)
  std::vector<std::uint32_t> height_;  // collection levels below each node, aliases followed
  bool hasRoot_ = false;
  bool sawContent_ = false;
};

namespace {

bool onlyWhitespaceAndComments(std::string_view text) {
  bool inComment = false;
  for (char c : text) {
    if (c == '\n') {
      inComment = false;
      continue;
    }
    if (inComment) continue;
    if (c == '#') {
      inComment = true;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Does the line holding `offset` (or the one before) indent with a tab?
bool tabIndented(std::string_view text, std::uint32_t offset) {
  auto lineStartOf = [&](std::size_t at) {
    std::size_t start = text.rfind('\n', at == 0 ? 0 : at - 1);
    return start == std::string_view::npos ? 0 : start + 1;
  };
  std::size_t at = std::min<std::size_t>(offset, text.size());
  for (int lines = 0; lines < 2; ++lines) {
    std::size_t start = lineStartOf(at);
    for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i)
      if (text[i] == '\t') return true;
    if (start == 0) break;
    at = start - 1;
  }
  return false;
}

// What stops a file before it is parsed: its size, the run's budget, its encoding, no content, too deep a nesting.
std::optional<YamlIssue> refuseBeforeParsing(std::string_view view, std::uint32_t bom, const YamlOptions& options) {
  if (view.size() > options.limits.maxFileBytes) {
    return YamlIssue{YamlIssueKind::TooLarge, "file too large (" + std::to_string(view.size()) +
                                                  " bytes; the limit is " +
                                                  std::to_string(options.limits.maxFileBytes) +
                                                  " bytes, --max-file-size)"};
  }
  if (options.budget && !options.budget->takeBytes(view.size())) {
    return YamlIssue{YamlIssueKind::RunBudget,
                     "the flow files of this run total more than " + describeBytes(options.budget->maxBytes()) +
                         " (limit: --max-total-size): this file and the ones after it are not checked"};
  }
  if (auto issue = checkEncoding(view)) return issue;
  if (onlyWhitespaceAndComments(view.substr(bom))) {
    return YamlIssue{YamlIssueKind::Empty, view.empty() ? "empty file: there is no flow to validate"
                                                        : "the file holds no YAML content: there is no flow to validate"};
  }
  if (auto deep = findDeepFlowNesting(view, options.limits.maxDepth)) {
    return YamlIssue{YamlIssueKind::TooDeep,
                     "nesting deeper than " + std::to_string(options.limits.maxDepth) + " levels (limit: --max-depth)",
                     *deep, true};
  }
  return std::nullopt;
}

// A document starts at the beginning or after a `---`/`...` line: yaml-cpp returning more documents than
// that is yaml-cpp looping without consuming input (a stray `,` outside a flow collection does it).
std::size_t maxDocuments(std::string_view view) {
  std::size_t count = 2;
  for (std::size_t at = 0; at < view.size();) {
    if (view.compare(at, 3, "---") == 0 || view.compare(at, 3, "...") == 0) ++count;
    std::size_t newline = view.find('\n', at);
    if (newline == std::string_view::npos) break;
    at = newline + 1;
  }
  return count;
}

// yaml-cpp's documents into `file`; what stops it becomes `file.fatal`.
void parseDocuments(YamlFile& file, std::string_view view, std::uint32_t bom, const YamlOptions& options) {
  MemoryBuffer buffer(view);
  std::istream in(&buffer);
  std::uint64_t aliasNodes = 0;
  std::size_t keptIssues = 0;
  std::size_t handled = 0, most = maxDocuments(view);
  try {
    YAML::Parser parser(in);
    for (;;) {
      YamlDocument doc(file.lines.get());
      std::vector<YamlIssue> issues;
      // yaml-cpp's marks do not count a UTF-8 byte-order mark.
      YamlTreeBuilder builder(doc, issues, options, aliasNodes, keptIssues, view.size(), bom);
      if (!parser.HandleNextDocument(builder)) break;
      if (++handled > most) throw StopLoading{YamlTreeBuilder::stalled(doc.startOffset())};
      if (!builder.sawContent() && issues.empty()) continue;  // an empty document (e.g. after a final ---)
      file.documents.push_back(std::move(doc));
      file.documentIssues.push_back(std::move(issues));
      file.omittedIssues.push_back(builder.omittedIssues());
    }
  } catch (const StopLoading& stop) {
    file.fatal = stop.issue;
    if (file.fatal->kind == YamlIssueKind::Syntax && file.fatal->message.find("(at line") == std::string::npos &&
        file.fatal->hasOffset)
      file.fatal->message += " (at line " + std::to_string(file.position(file.fatal->offset).line) + ")";
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (2000 recursion levels, about 600 levels of nesting) stopped it first.
    file.fatal = YamlIssue(YamlIssueKind::TooDeep, "nesting too deep for the YAML parser (yaml-cpp stops at " +
                                                       std::to_string(e.depth()) + " levels of recursion)",
                           toOffset(e.mark, view.size()) + bom);
  } catch (const YAML::Exception& e) {
    std::uint32_t at = std::min<std::uint32_t>(toOffset(e.mark, view.size()) + bom, static_cast<std::uint32_t>(view.size()));
    std::string message = "YAML parsing error: " + e.msg;
    if (tabIndented(view, at)) message += " (tabs cannot be used for indentation in YAML; use spaces)";
    message += " (at line " + std::to_string(file.position(at).line) + ")";
    file.fatal = YamlIssue{YamlIssueKind::Syntax, std::move(message), at, true};
  } catch (const std::exception& e) {
    file.fatal = YamlIssue{YamlIssueKind::Syntax, std::string("YAML parsing error: ") + e.what()};
  }
}

}  // namespace

YamlFile loadYaml(std::string source, const YamlOptions& options) {
  YamlFile file;
  auto text = std::make_shared<const std::string>(std::move(source));
  file.text = text;
  file.lines = std::make_shared<const LineIndex>(*text);
  std::string_view view(*text);
  std::uint32_t bom = view.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  if (auto issue = refuseBeforeParsing(view, bom, options)) {
    file.fatal = std::move(*issue);
    return file;
  }
  parseDocuments(file, view, bom, options);
  if (file.documents.empty() && !file.fatal) {
    file.fatal = YamlIssue{YamlIssueKind::Empty, "the file holds no YAML content: there is no flow to validate"};
  }
  return file;
}

YamlFile loadYamlFile(const std::filesystem::path& path, const YamlOptions& options) {
  FlowFileText read = readFlowFile(path, options.limits.maxFileBytes);
  if (read.status == FlowFileText::Status::Ok) return loadYaml(std::move(read.text), options);
  YamlFile file;
  file.fatal = read.status == FlowFileText::Status::TooLarge
                   ? YamlIssue{YamlIssueKind::TooLarge, read.problem}
                   : YamlIssue{YamlIssueKind::Unreadable, "cannot read the file: " + read.problem};
  return file;
}

}  // namespace kcicd::flow
