#pragma once
// A compact, read-only YAML tree with source positions, built by YamlLoader from yaml-cpp's event API.
//
// One YamlDocument per YAML document. Nodes live in one array, children in another, scalar text in one
// string: a document costs a few allocations whatever its size. Aliases are not copied: an alias is the
// index of the anchored node, so `*a` used twice shares one subtree (YamlLoader bounds how many nodes can
// be reached that way).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::flow {

// 1-based line and column (in characters); 0 when unknown.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

enum class NodeKind : std::uint8_t { Null, Scalar, Sequence, Mapping };

// Plain scalars are resolved by the validator (true, 12, 1.5 …); quoted, literal, folded or explicitly
// tagged scalars are strings.
enum class ScalarStyle : std::uint8_t { Plain, Quoted };

class YamlDocument;

// A handle on one node of a document: cheap to copy, valid as long as the document lives.
class NodeRef {
 public:
  NodeRef() = default;
  NodeRef(const YamlDocument* doc, std::uint32_t index) : doc_(doc), index_(index) {}

  explicit operator bool() const { return doc_ != nullptr; }
  bool operator==(const NodeRef& other) const { return doc_ == other.doc_ && index_ == other.index_; }

  NodeKind kind() const;
  bool isNull() const { return !doc_ || kind() == NodeKind::Null; }
  bool isScalar() const { return doc_ && kind() == NodeKind::Scalar; }
  bool isSequence() const { return doc_ && kind() == NodeKind::Sequence; }
  bool isMapping() const { return doc_ && kind() == NodeKind::Mapping; }
  bool plain() const;            // a plain (unquoted, untagged) scalar, or a null
  // A null, or a plain `~`/`null`/`Null`/`NULL` scalar (what yaml-cpp's and SnakeYAML's node APIs read as null).
  bool isNullValue() const;
  bool flowStyle() const;        // a `[ ]` or `{ }` collection (false for block collections and scalars)
  std::string_view text() const;  // scalar text ("" for other kinds)

  // Sequence items, or mapping entries (key, value).
  std::size_t size() const;
  NodeRef item(std::size_t i) const;
  NodeRef key(std::size_t i) const;
  NodeRef value(std::size_t i) const;
  // First entry whose key is the scalar `name`; a null handle when absent.
  NodeRef get(std::string_view name) const;
  // Index of that entry, or size() when absent.
  std::size_t find(std::string_view name) const;

  std::uint32_t offset() const;  // byte offset of the node in the source
  Position position() const;
  std::uint32_t index() const { return index_; }
  const YamlDocument* document() const { return doc_; }

 private:
  const YamlDocument* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

// Maps byte offsets of a source text to 1-based line/column (columns count UTF-8 characters).
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  Position at(std::uint32_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

class YamlDocument {
 public:
  struct Node {
    NodeKind kind;
    ScalarStyle style;
    bool flow;             // collection written in flow style
    std::uint32_t offset;  // byte offset in the source
    std::uint32_t begin;   // scalar: offset in chars_; collection: offset in children_
    std::uint32_t size;    // scalar: byte length; sequence: items; mapping: 2 × entries
  };

  explicit YamlDocument(const LineIndex* lines = nullptr) : lines_(lines) {}

  NodeRef root() const { return NodeRef(this, root_); }
  // Where the document starts (its first node, or the `---` marker).
  std::uint32_t startOffset() const { return start_; }
  const LineIndex& lines() const { return *lines_; }
  Position position(std::uint32_t offset) const { return lines_->at(offset); }
  std::size_t nodeCount() const { return nodes_.size(); }

 private:
  friend class NodeRef;
  friend class YamlTreeBuilder;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> children_;
  std::string chars_;
  std::uint32_t root_ = 0;
  std::uint32_t start_ = 0;
  const LineIndex* lines_ = nullptr;
};

// RFC 6901 escaping of one reference token (~ → ~0, / → ~1).
std::string jsonPointerToken(std::string_view token);

}  // namespace kcicd::flow
