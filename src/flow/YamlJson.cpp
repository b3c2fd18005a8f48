#include "YamlJson.h"

#include <stdexcept>
#include <vector>

#include "schema/JsonPointer.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace kcicd::flow {

namespace {

bool allDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
              : base == 8 ? (c >= '0' && c <= '7')
                          : std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (!ok) return false;
  }
  return true;
}

bool isInteger(std::string_view s) {
  if (s.substr(0, 2) == "0x") return allDigits(s.substr(2), 16);
  if (s.substr(0, 2) == "0o") return allDigits(s.substr(2), 8);
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return allDigits(s, 10);
}

bool isFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
  std::size_t i = 0, intDigits = 0, fracDigits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++intDigits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++fracDigits;
  }
  if (intDigits + fracDigits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

bool parseBoolean(std::string_view text, bool& value) {
  if (text == "true" || text == "True" || text == "TRUE") {
    value = true;
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    value = false;
    return true;
  }
  return false;
}

ScalarType resolveScalar(const NodeRef& node) {
  if (node.isNull()) return ScalarType::Null;
  if (!node.isScalar()) return ScalarType::String;
  if (!node.plain()) return ScalarType::String;
  std::string_view t = node.text();
  bool b;
  if (parseBoolean(t, b)) return ScalarType::Boolean;
  if (isInteger(t)) return ScalarType::Integer;
  if (isFloat(t) || t == ".nan" || t == ".NaN" || t == ".NAN") return ScalarType::Float;
  return ScalarType::String;
}

nlohmann::json toJson(const NodeRef& node) {
  using nlohmann::json;
  if (!node || node.isNull()) return nullptr;
  if (node.isScalar()) {
    std::string_view t = node.text();
    switch (resolveScalar(node)) {
      case ScalarType::Boolean: {
        bool b = false;
        parseBoolean(t, b);
        return b;
      }
      case ScalarType::Integer: {
        std::string s(t);
        int base = 10;
        std::size_t skip = 0;
        if (s.rfind("0x", 0) == 0) base = 16, skip = 2;
        else if (s.rfind("0o", 0) == 0) base = 8, skip = 2;
        errno = 0;
        long long v = std::strtoll(s.c_str() + skip, nullptr, base);
        if (errno == ERANGE) return std::strtod(s.c_str(), nullptr);
        return v;
      }
      case ScalarType::Float: {
        std::string s(t);
        if (s.find("inf") != std::string::npos || s.find("Inf") != std::string::npos || s.find("INF") != std::string::npos ||
            s.find("nan") != std::string::npos || s.find("NaN") != std::string::npos || s.find("NAN") != std::string::npos)
          return s;  // JSON has no infinities
        return std::strtod(s.c_str(), nullptr);
      }
      default:
        return std::string(t);
    }
  }
  if (node.isSequence()) {
    json out = json::array();
    for (std::size_t i = 0; i < node.size(); ++i) out.push_back(toJson(node.item(i)));
    return out;
  }
  json out = json::object();
  for (std::size_t i = 0; i < node.size(); ++i) {
    NodeRef k = node.key(i);
    std::string key = k.isScalar() ? std::string(k.text()) : k.isNull() ? "null" : toJson(k).dump();
    if (!out.contains(key)) out[key] = toJson(node.value(i));  // first wins, like NodeRef::get
  }
  return out;
}

namespace {

// The pointer's unescaped tokens; none when it is malformed (pointers here come from our own checkers).
std::vector<std::string> tokensOf(std::string_view pointer) {
  try {
    return schema::pointerTokens(pointer);
  } catch (const std::invalid_argument&) {
    return {};
  }
}

}  // namespace

NodeRef findByPointer(const NodeRef& root, std::string_view pointer) {
  NodeRef current = root;
  for (const auto& token : tokensOf(pointer)) {
    NodeRef next;
    if (current.isMapping()) {
      std::size_t at = current.find(token);
      if (at < current.size()) next = current.value(at);
    } else if (current.isSequence() && !token.empty() && allDigits(token, 10) && token.size() < 10) {
      std::size_t index = std::stoul(token);
      if (index < current.size()) next = current.item(index);
    }
    if (!next) return current;
    current = next;
  }
  return current;
}

std::string pointerToPath(std::string_view pointer) {
  std::string path;
  for (const auto& token : tokensOf(pointer)) {
    if (allDigits(token, 10) && !path.empty())
      path += "[" + token + "]";
    else
      path += (path.empty() ? "" : ".") + token;
  }
  return path;
}

}  // namespace kcicd::flow
