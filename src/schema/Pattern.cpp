#include "schema/Pattern.h"

#include <cctype>

#include "schema/Utf8.h"

namespace kcicd::schema {
namespace {

// The string branch Kestra's generator adds to every dynamic non-string property
// (JsonSchemaGenerator.java, 0.21: memberAttributes.put("pattern", ".*{{.*}}.*")).
constexpr std::string_view kDynamicExpression = ".*{{.*}}.*";

// Length of a quantifier `{n}`, `{n,}` or `{n,m}` starting at `pattern[at]` (a '{'), or 0.
std::size_t quantifierLength(std::string_view pattern, std::size_t at) {
  std::size_t i = at + 1;
  auto digits = [&] {
    std::size_t start = i;
    while (i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i]))) ++i;
    return i > start;
  };
  if (!digits()) return 0;
  if (i < pattern.size() && pattern[i] == ',') {
    ++i;
    digits();
  }
  return i < pattern.size() && pattern[i] == '}' ? i - at + 1 : 0;
}


// Escapes std::regex would read as a plain letter (ECMAScript identity escapes) where the author
// meant a Unicode property (`\p{L}`: ECMAScript's u flag, Java) or, in a Java pattern, an anchor.
bool hasForeignEscape(std::string_view pattern, bool java) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    char next = pattern[++i];
    if (next == 'p' || next == 'P' || (java && (next == 'A' || next == 'z' || next == 'Z'))) return true;
  }
  return false;
}

}  // namespace

std::string Pattern::annexBBraces(std::string_view pattern, bool letterIdentityEscapes) {
  std::string out;
  out.reserve(pattern.size() + 8);
  bool inClass = false;
  bool atomBefore = false;  // a quantifier needs something to repeat
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      char next = pattern[++i];
      // Annex B identity escape of a letter std::regex does not know (`\Z` is a plain "Z")
      bool known = std::string_view("dDwWsSbBfnrtvcxuk").find(next) != std::string_view::npos;
      if (letterIdentityEscapes && std::isalpha(static_cast<unsigned char>(next)) && !known) {
        out += next;
      } else {
        out += c;
        out += next;
      }
      atomBefore = true;
      continue;
    }
    if (inClass) {
      out += c;
      if (c == ']') {
        inClass = false;
        atomBefore = true;
      }
      continue;
    }
    if (c == '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c == '{') {
      std::size_t length = atomBefore ? quantifierLength(pattern, i) : 0;
      if (length > 0) {
        out.append(pattern.substr(i, length));
        i += length - 1;
      } else {
        out += "\\{";
        atomBefore = true;
      }
      continue;
    }
    if (c == '}') {
      out += "\\}";
      atomBefore = true;
      continue;
    }
    out += c;
    atomBefore = !(c == '(' || c == '|' || c == '^');
  }
  return out;
}

Pattern::Pattern(std::string source, bool kestra) : source_(std::move(source)), fullMatch_(kestra) {
  kestraDynamic_ = kestra && source_ == kDynamicExpression;
  if (hasForeignEscape(source_, kestra)) return;  // unsupported: accepts every string
  try {
    regex_ = std::wregex(toWide(annexBBraces(source_, !kestra)), std::regex::ECMAScript);
    supported_ = true;
  } catch (const std::regex_error&) {
    supported_ = false;
  }
}

bool Pattern::matches(std::string_view utf8) const {
  if (kestraDynamic_) {
    // Kestra accepts any expression `{{ … }}`, even across lines (the value is rendered at run time).
    auto open = utf8.find("{{");
    return open != std::string_view::npos && utf8.find("}}", open + 2) != std::string_view::npos;
  }
  if (!supported_ || codePointCount(utf8) > kMaxInput) return true;
  std::wstring text = toWide(utf8);
  return fullMatch_ ? std::regex_match(text, regex_) : std::regex_search(text, regex_);
}

}  // namespace kcicd::schema
