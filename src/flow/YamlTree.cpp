#include "YamlTree.h"

#include <algorithm>
#include <cstring>

namespace kcicd::flow {

NodeKind NodeRef::kind() const { return doc_->nodes_[index_].kind; }

bool NodeRef::plain() const {
  if (!doc_) return true;
  const auto& n = doc_->nodes_[index_];
  return n.kind == NodeKind::Null || (n.kind == NodeKind::Scalar && n.style == ScalarStyle::Plain);
}

bool NodeRef::isNullValue() const {
  if (isNull()) return true;
  if (!isScalar() || !plain()) return false;
  std::string_view t = text();
  return t == "~" || t == "null" || t == "Null" || t == "NULL";
}

bool NodeRef::flowStyle() const { return doc_ && doc_->nodes_[index_].flow; }

std::string_view NodeRef::text() const {
  if (!doc_) return {};
  const auto& n = doc_->nodes_[index_];
  if (n.kind != NodeKind::Scalar) return {};
  return std::string_view(doc_->chars_.data() + n.begin, n.size);
}

std::size_t NodeRef::size() const {
  if (!doc_) return 0;
  const auto& n = doc_->nodes_[index_];
  if (n.kind == NodeKind::Sequence) return n.size;
  if (n.kind == NodeKind::Mapping) return n.size / 2;
  return 0;
}

NodeRef NodeRef::item(std::size_t i) const {
  const auto& n = doc_->nodes_[index_];
  return NodeRef(doc_, doc_->children_[n.begin + i]);
}

NodeRef NodeRef::key(std::size_t i) const {
  const auto& n = doc_->nodes_[index_];
  return NodeRef(doc_, doc_->children_[n.begin + 2 * i]);
}

NodeRef NodeRef::value(std::size_t i) const {
  const auto& n = doc_->nodes_[index_];
  return NodeRef(doc_, doc_->children_[n.begin + 2 * i + 1]);
}

std::size_t NodeRef::find(std::string_view name) const {
  if (!isMapping()) return 0;
  std::size_t count = size();
  for (std::size_t i = 0; i < count; ++i) {
    NodeRef k = key(i);
    if (k.isScalar() && k.text() == name) return i;
  }
  return count;
}

NodeRef NodeRef::get(std::string_view name) const {
  if (!isMapping()) return {};
  std::size_t i = find(name);
  return i < size() ? value(i) : NodeRef();
}

std::uint32_t NodeRef::offset() const { return doc_ ? doc_->nodes_[index_].offset : 0; }

Position NodeRef::position() const { return doc_ ? doc_->position(offset()) : Position{}; }

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.reserve(text.size() / 32 + 1);
  starts_.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<std::uint32_t>(p - begin));
  }
}

Position LineIndex::at(std::uint32_t offset) const {
  if (starts_.empty()) return {};
  if (offset > text_.size()) offset = static_cast<std::uint32_t>(text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  std::uint32_t start = starts_[line - 1];
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return Position{static_cast<std::uint32_t>(line), column};
}

std::string jsonPointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace kcicd::flow
