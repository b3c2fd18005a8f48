#include "Patterns.h"

#include <functional>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unordered_map>

#include "runtime/Utf8.h"

namespace kcicd::flow::patterns {

namespace {

bool asciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

const schema::Pattern& compiled(std::string_view pattern) {
  struct TextHash {
    using is_transparent = void;  // looked up by string_view: no string built per call
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<schema::Pattern>, TextHash, std::equal_to<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache.find(pattern);
  if (found == cache.end())
    found = cache.emplace(std::string(pattern), std::make_unique<schema::Pattern>(std::string(pattern), true)).first;
  return *found->second;
}

bool matches(std::string_view pattern, std::string_view value) { return compiled(pattern).matches(value); }

bool isJavaTypeName(std::string_view value) {
  static const schema::Pattern& javaType = compiled(kJavaType);
  return javaType.matches(value);
}

bool isLabelKey(std::string_view value) {
  static const schema::Pattern& labelKey = compiled(kLabelKey);
  return labelKey.matches(value);
}

namespace {

// java.util.regex.Pattern's syntax check (Pattern.compile throwing PatternSyntaxException), as far as a
// user-written input `validator` needs it: one pass over the pattern, one method per construct. Each
// returns false on a syntax error and leaves `i_` on the construct's last character.
class JavaRegexScanner {
 public:
  explicit JavaRegexScanner(std::string_view p) : p_(p) {}

  bool valid() {
    for (i_ = 0; i_ < p_.size(); ++i_)
      if (!step()) return false;
    return groups_ == 0;
  }

 private:
  bool at(std::size_t k, char c) const { return k < p_.size() && p_[k] == c; }

  bool step() {
    switch (p_[i_]) {
      case '\\': return escape();
      case '[': return characterClass();
      case '(': return group();
      case ')':
        canQuantify_ = true;
        return --groups_ >= 0;  // unmatched closing ')'
      case '|':
      case '^':
      case '$': canQuantify_ = false; return true;
      case '*':
      case '+':
      case '?': return quantifier(i_);
      case '{': return repetition();
      default: canQuantify_ = true; return true;
    }
  }

  bool escape() {
    if (i_ + 1 >= p_.size()) return false;  // trailing backslash
    char e = p_[++i_];
    canQuantify_ = true;
    if (e == 'Q') {  // quoted until \E (or the end)
      std::size_t end = p_.find("\\E", i_ + 1);
      i_ = end == std::string_view::npos ? p_.size() : end + 1;
      return true;
    }
    if (!((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))) return true;
    static const std::string_view known = "tnrfaecdDsSwWbBAGZzpPhHvVRXkNx0uEQ";
    if (known.find(e) == std::string_view::npos) return false;  // illegal/unsupported escape
    if (e == 'c') return i_ + 1 < p_.size();
    if (e == 'p' || e == 'P') return property();
    if (e == 'k') return backReference();
    return true;
  }

  bool property() {  // \pL or \p{Name}
    if (at(i_ + 1, '{')) {
      std::size_t end = p_.find('}', i_ + 1);
      if (end == std::string_view::npos) return false;
      i_ = end;
      return true;
    }
    if (i_ + 1 >= p_.size()) return false;
    ++i_;
    return true;
  }

  bool backReference() {  // \k<name>
    if (!at(i_ + 1, '<') || p_.find('>', i_ + 1) == std::string_view::npos) return false;
    i_ = p_.find('>', i_ + 1);
    return true;
  }

  // A character class, possibly nested (Java unions): find its end.
  bool characterClass() {
    int depth = 1;
    std::size_t k = i_ + 1;
    if (at(k, '^')) ++k;
    if (at(k, ']')) ++k;  // a leading ] is literal
    for (; k < p_.size() && depth > 0; ++k) {
      if (p_[k] == '\\') {
        if (k + 1 >= p_.size()) return false;
        ++k;
      } else if (p_[k] == '[') {
        ++depth;
      } else if (p_[k] == ']') {
        --depth;
      }
    }
    if (depth > 0) return false;  // unclosed character class
    i_ = k - 1;
    canQuantify_ = true;
    return true;
  }

  bool group() {
    canQuantify_ = false;
    if (!at(i_ + 1, '?')) return ++groups_, true;
    std::size_t k = i_ + 2;
    if (k >= p_.size()) return false;
    char g = p_[k];
    if (g == ':' || g == '=' || g == '!' || g == '>') {
      i_ = k;
    } else if (g == '<') {
      if (!namedGroupOrLookbehind(k)) return false;
    } else {
      return inlineFlags(k);
    }
    ++groups_;
    return true;
  }

  bool namedGroupOrLookbehind(std::size_t k) {  // (?<=X, (?<!X or (?<name>X
    if (at(k + 1, '=') || at(k + 1, '!')) {
      i_ = k + 1;
      return true;
    }
    std::size_t end = p_.find('>', k);
    if (end == std::string_view::npos || end == k + 1) return false;
    for (std::size_t n = k + 1; n < end; ++n)
      if (!asciiAlnum(p_[n])) return false;
    i_ = end;
    return true;
  }

  bool inlineFlags(std::size_t k) {  // (?idmsuxU-idmsuxU) or (?flags:X)
    std::size_t n = k;
    while (n < p_.size() && std::string_view("idmsuxUc-").find(p_[n]) != std::string_view::npos) ++n;
    if (n >= p_.size() || (p_[n] != ')' && p_[n] != ':')) return false;
    i_ = n;
    if (p_[n] == ':') ++groups_;
    return true;
  }

  // *, +, ? at `k`, or the end of a {n,m}: needs an atom before it; may be lazy (?) or possessive (+).
  bool quantifier(std::size_t k) {
    if (!canQuantify_) return false;  // dangling meta character
    i_ = k;
    if (at(i_ + 1, '?') || at(i_ + 1, '+')) ++i_;
    canQuantify_ = false;
    return true;
  }

  bool repetition() {  // {n}, {n,}, {n,m}
    std::size_t k = i_ + 1, digits = 0;
    while (k < p_.size() && p_[k] >= '0' && p_[k] <= '9') ++k, ++digits;
    if (digits == 0) return false;  // illegal repetition
    if (at(k, ',')) {
      ++k;
      while (k < p_.size() && p_[k] >= '0' && p_[k] <= '9') ++k;
    }
    if (!at(k, '}')) return false;
    return quantifier(k);
  }

  std::string_view p_;
  std::size_t i_ = 0;
  int groups_ = 0;
  bool canQuantify_ = false;  // is there an atom before a quantifier?
};

}  // namespace

bool isJavaRegex(std::string_view p) { return JavaRegexScanner(p).valid(); }

bool isTimeZoneId(std::string_view value) {
  if (value.empty()) return false;
  auto offset = [](std::string_view s) {
    // [+-]h, hh, hh:mm, hhmm, hh:mm:ss, hhmmss
    if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
    std::string digits;
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] >= '0' && s[i] <= '9') digits += s[i];
      else if (s[i] != ':') return false;
    }
    if (digits.empty() || digits.size() > 6 || digits.size() == 3 || digits.size() == 5) return false;
    int hours = std::stoi(digits.size() <= 2 ? digits : digits.substr(0, 2));
    return hours <= 18;
  };
  if (value == "Z") return true;
  if (offset(value)) return true;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (value.substr(0, prefix.size()) == prefix) {
      std::string_view rest = value.substr(prefix.size());
      if (rest.empty() || offset(rest)) return true;
    }
  }
  // Region id: [A-Za-z][A-Za-z0-9~/._+-]+
  if (!((value[0] >= 'a' && value[0] <= 'z') || (value[0] >= 'A' && value[0] <= 'Z'))) return false;
  for (char c : value)
    if (!(asciiAlnum(c) || c == '~' || c == '/' || c == '.' || c == '_' || c == '+' || c == '-')) return false;
  if (value.size() < 2 || value.find("..") != std::string_view::npos) return false;
  static const bool haveDatabase = [] {
    struct stat st;
    return ::stat("/usr/share/zoneinfo/UTC", &st) == 0;
  }();
  if (!haveDatabase) return true;
  std::string path = "/usr/share/zoneinfo/" + std::string(value);
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::size_t javaLength(std::string_view utf8) { return utf8::utf16Length(utf8); }

}  // namespace kcicd::flow::patterns
