#include "Patterns.h"

#include <cwctype>
#include <filesystem>
#include <locale.h>
#include <regex>
#include <sys/stat.h>
#include <wctype.h>

namespace kcicd::flow::patterns {

namespace {

bool asciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool asciiLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

template <typename First, typename Rest>
bool matchSimple(std::string_view value, First first, Rest rest) {
  if (value.empty() || !first(value[0])) return false;
  for (std::size_t i = 1; i < value.size(); ++i)
    if (!rest(value[i])) return false;
  return true;
}

// Decodes one UTF-8 code point at s[i] (input already validated); advances i.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
  char32_t cp = b & (0x3F >> extra);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return cp;
}

locale_t unicodeLocale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (!l) l = newlocale(LC_CTYPE_MASK, "C.utf8", static_cast<locale_t>(0));
    return l;
  }();
  return loc;
}

// Unicode letter classes; without a UTF-8 locale every non-ASCII code point counts as a letter.
bool unicodeLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  locale_t loc = unicodeLocale();
  return loc ? iswalpha_l(static_cast<wint_t>(cp), loc) != 0 : true;
}

bool unicodeLower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  locale_t loc = unicodeLocale();
  return loc ? iswlower_l(static_cast<wint_t>(cp), loc) != 0 : true;
}

bool javaIdentifierStart(char32_t cp) { return cp == '$' || cp == '_' || unicodeLetter(cp); }
bool javaIdentifierPart(char32_t cp) {
  return javaIdentifierStart(cp) || (cp >= '0' && cp <= '9') || (cp >= 0x80 && cp != 0xA0);
}

}  // namespace

bool isJavaTypeName(std::string_view value) {
  if (value.empty()) return false;
  bool segmentStart = true;
  for (std::size_t i = 0; i < value.size();) {
    if (value[i] == '.') {
      if (segmentStart) return false;
      segmentStart = true;
      ++i;
      continue;
    }
    char32_t cp = decode(value, i);
    if (segmentStart ? !javaIdentifierStart(cp) : !javaIdentifierPart(cp)) return false;
    segmentStart = false;
  }
  return !segmentStart;
}

bool isLabelKey(std::string_view value) {
  if (value.empty()) return false;
  std::size_t i = 0;
  if (!unicodeLower(decode(value, i))) return false;
  while (i < value.size()) {
    char32_t cp = decode(value, i);
    if (!(unicodeLetter(cp) || (cp >= '0' && cp <= '9') || cp == '.' || cp == '_' || cp == '-')) return false;
  }
  return true;
}

bool matches(std::string_view pattern, std::string_view value) {
  if (pattern == kTaskId)
    return matchSimple(value, asciiAlnum, [](char c) { return asciiAlnum(c) || c == '_' || c == '-'; });
  if (pattern == kFlowId || pattern == kInputId)
    return matchSimple(value, asciiAlnum, [](char c) { return asciiAlnum(c) || c == '.' || c == '_' || c == '-'; });
  if (pattern == kNamespace)
    return matchSimple(value, asciiLowerOrDigit, [](char c) { return asciiLowerOrDigit(c) || c == '.' || c == '_' || c == '-'; });
  if (pattern == kTenantId)
    return matchSimple(value, asciiLowerOrDigit, [](char c) { return asciiLowerOrDigit(c) || c == '_' || c == '-'; });
  if (pattern == kJavaType) return isJavaTypeName(value);
  if (pattern == kLabelKey) return isLabelKey(value);
  try {
    std::regex re{std::string(pattern)};
    return std::regex_match(value.begin(), value.end(), re);
  } catch (const std::regex_error&) {
    return true;  // a pattern we cannot evaluate: do not report
  }
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

std::size_t javaLength(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = decode(utf8, i);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

}  // namespace kcicd::flow::patterns
