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

bool isJavaRegex(std::string_view p) {
  int groups = 0;
  bool canQuantify = false;  // is there an atom before a quantifier?
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    switch (c) {
      case '\\': {
        if (i + 1 >= p.size()) return false;  // trailing backslash
        char e = p[++i];
        if (e == 'Q') {  // quote until \E (or the end)
          std::size_t end = p.find("\\E", i + 1);
          i = end == std::string_view::npos ? p.size() : end + 1;
          canQuantify = true;
          break;
        }
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
          static const std::string_view known = "tnrfaecdDsSwWbBAGZzpPhHvVRXkNx0uEQ";
          if (known.find(e) == std::string_view::npos) return false;  // illegal/unsupported escape
          if (e == 'c' && i + 1 >= p.size()) return false;
          if (e == 'p' || e == 'P') {
            if (i + 1 < p.size() && p[i + 1] == '{') {
              std::size_t end = p.find('}', i + 1);
              if (end == std::string_view::npos) return false;
              i = end;
            } else if (i + 1 >= p.size()) {
              return false;
            } else {
              ++i;
            }
          }
          if (e == 'k') {
            if (i + 1 >= p.size() || p[i + 1] != '<' || p.find('>', i + 1) == std::string_view::npos) return false;
            i = p.find('>', i + 1);
          }
        }
        canQuantify = true;
        break;
      }
      case '[': {
        // Character class, possibly nested (Java unions): find its end.
        int depth = 1;
        std::size_t k = i + 1;
        if (k < p.size() && p[k] == '^') ++k;
        if (k < p.size() && p[k] == ']') ++k;  // a leading ] is literal
        for (; k < p.size() && depth > 0; ++k) {
          if (p[k] == '\\') {
            if (k + 1 >= p.size()) return false;
            ++k;
          } else if (p[k] == '[') {
            ++depth;
          } else if (p[k] == ']') {
            --depth;
          }
        }
        if (depth > 0) return false;  // unclosed character class
        i = k - 1;
        canQuantify = true;
        break;
      }
      case '(': {
        if (i + 1 < p.size() && p[i + 1] == '?') {
          std::size_t k = i + 2;
          if (k >= p.size()) return false;
          char g = p[k];
          if (g == ':' || g == '=' || g == '!' || g == '>') {
            i = k;
          } else if (g == '<') {
            if (k + 1 < p.size() && (p[k + 1] == '=' || p[k + 1] == '!')) {
              i = k + 1;
            } else {
              std::size_t end = p.find('>', k);
              if (end == std::string_view::npos || end == k + 1) return false;
              for (std::size_t n = k + 1; n < end; ++n)
                if (!asciiAlnum(p[n])) return false;
              i = end;
            }
          } else {
            // inline flags (?idmsuxU-idmsuxU) or (?flags:X)
            std::size_t n = k;
            while (n < p.size() && std::string_view("idmsuxUc-").find(p[n]) != std::string_view::npos) ++n;
            if (n >= p.size() || (p[n] != ')' && p[n] != ':')) return false;
            if (p[n] == ')') {
              i = n;
              canQuantify = false;
              break;
            }
            i = n;
          }
        }
        ++groups;
        canQuantify = false;
        break;
      }
      case ')':
        if (--groups < 0) return false;  // unmatched closing ')'
        canQuantify = true;
        break;
      case '|':
        canQuantify = false;
        break;
      case '*':
      case '+':
      case '?':
        if (!canQuantify) return false;  // dangling meta character
        if (i + 1 < p.size() && (p[i + 1] == '?' || p[i + 1] == '+')) ++i;  // lazy / possessive
        canQuantify = false;
        break;
      case '{': {
        std::size_t k = i + 1, digits = 0;
        while (k < p.size() && p[k] >= '0' && p[k] <= '9') ++k, ++digits;
        if (digits == 0) return false;  // illegal repetition
        if (k < p.size() && p[k] == ',') {
          ++k;
          while (k < p.size() && p[k] >= '0' && p[k] <= '9') ++k;
        }
        if (k >= p.size() || p[k] != '}') return false;
        if (!canQuantify) return false;
        i = k;
        if (i + 1 < p.size() && (p[i + 1] == '?' || p[i + 1] == '+')) ++i;
        canQuantify = false;
        break;
      }
      case '^':
      case '$':
        canQuantify = false;
        break;
      default:
        canQuantify = true;
        break;
    }
  }
  return groups == 0;
}

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
