#include "RepositoryAllowList.h"

#include <algorithm>
#include <cctype>

namespace kcicd::webhook {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Length of the "scheme://authority" or scp-like "user@host:" prefix whose case does not matter.
// The user-info part keeps its case: only scheme and host are lower-cased.
std::string normalizePrefix(std::string_view url, size_t& rest) {
  auto sep = url.find("://");
  if (sep != std::string_view::npos) {
    size_t authorityEnd = url.find('/', sep + 3);
    if (authorityEnd == std::string_view::npos) authorityEnd = url.size();
    std::string_view authority = url.substr(sep + 3, authorityEnd - sep - 3);
    auto at = authority.rfind('@');
    std::string out = lower(url.substr(0, sep + 3));
    if (at != std::string_view::npos) out += std::string(authority.substr(0, at + 1)) + lower(authority.substr(at + 1));
    else out += lower(authority);
    rest = authorityEnd;
    return out;
  }
  // scp-like: [user@]host:path, with no '/' before the ':'.
  auto colon = url.find(':');
  if (colon != std::string_view::npos && url.substr(0, colon).find('/') == std::string_view::npos) {
    std::string_view hostPart = url.substr(0, colon);
    auto at = hostPart.rfind('@');
    rest = colon;
    if (at == std::string_view::npos) return lower(hostPart);
    return std::string(hostPart.substr(0, at + 1)) + lower(hostPart.substr(at + 1));
  }
  rest = 0;
  return "";
}

// What a single '*' or '?' may stand for: not a path separator, nor what could move the host
// (user-info '@') or end the path ('?', '#'), so "https://github.com/my-org/*" stays inside my-org.
bool wildcardChar(char c) { return c != '/' && c != '@' && c != '?' && c != '#'; }

}  // namespace

std::string normalizeRepositoryUrl(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  size_t rest = 0;
  std::string out = normalizePrefix(url, rest);
  out += url.substr(rest);
  for (bool changed = true; changed;) {
    changed = false;
    if (out.size() > 1 && out.back() == '/') {
      out.pop_back();
      changed = true;
    }
    if (out.size() > 4 && out.compare(out.size() - 4, 4, ".git") == 0) {
      out.resize(out.size() - 4);
      changed = true;
    }
  }
  return out;
}

bool globMatch(std::string_view pattern, std::string_view text) {
  // Dynamic programming over (pattern position, text position): linear memory, O(p·t) time,
  // so no pattern can make it backtrack exponentially.
  const size_t t = text.size();
  std::vector<char> row(t + 1, 0), next(t + 1, 0);
  row[0] = 1;  // empty pattern prefix matches empty text prefix
  for (size_t p = 0; p < pattern.size();) {
    bool star = pattern[p] == '*';
    bool doubleStar = star && p + 1 < pattern.size() && pattern[p + 1] == '*';
    std::fill(next.begin(), next.end(), 0);
    for (size_t i = 0; i <= t; ++i) {
      if (star) {
        // next[i] = row[i] (empty run) or next[i-1] extended by one allowed character.
        bool extend = i > 0 && next[i - 1] && (doubleStar || wildcardChar(text[i - 1]));
        next[i] = row[i] || extend;
      } else if (i > 0 && row[i - 1]) {
        char c = pattern[p];
        next[i] = c == '?' ? wildcardChar(text[i - 1]) : text[i - 1] == c;
      }
    }
    row.swap(next);
    p += doubleStar ? 2 : 1;
  }
  return row[t] != 0;
}

bool repositoryAllowed(std::string_view url, const std::vector<std::string>& repos,
                       const std::vector<std::string>& patterns) {
  if (url.empty()) return false;
  std::string normal = normalizeRepositoryUrl(url);
  for (const auto& repo : repos)
    if (!repo.empty() && normalizeRepositoryUrl(repo) == normal) return true;
  for (const auto& pattern : patterns)
    if (!pattern.empty() && globMatch(normalizeRepositoryUrl(pattern), normal)) return true;
  return false;
}

}  // namespace kcicd::webhook
