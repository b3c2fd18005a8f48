#include "Masker.h"

#include <algorithm>
#include <cctype>

#include "Base64.h"

namespace kcicd {

void Masker::add(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard lock(mutex_);
  addOne(std::string(secret));
  if (secret.find_first_of("\r\n") != std::string_view::npos) {
    for (std::size_t begin = 0; begin < secret.size();) {
      std::size_t end = std::min(secret.find_first_of("\r\n", begin), secret.size());
      if (end - begin >= kShortSecret) addOne(std::string(secret.substr(begin, end - begin)));
      begin = end + 1;
    }
  }
  std::string b64 = base64::encode(secret);
  addOne(b64);
  auto unpadded = b64.find('=');
  if (unpadded != std::string::npos && unpadded > 0) addOne(b64.substr(0, unpadded));
  std::sort(needles_.begin(), needles_.end(), [](const std::string& a, const std::string& b) {
    return a.size() > b.size();
  });
}

void Masker::addOne(std::string value) {
  if (std::find(needles_.begin(), needles_.end(), value) == needles_.end()) needles_.push_back(std::move(value));
}

bool Masker::empty() const {
  std::lock_guard lock(mutex_);
  return needles_.empty();
}

namespace {

bool isWordChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;  // bytes of non-ASCII letters count as letters
}

// A short secret found at text[pos] stands alone when no word character glues it to its neighbours
// (only on a side where the secret itself ends with a word character, as regex \b does).
bool standsAlone(const std::string& text, std::size_t pos, const std::string& needle) {
  std::size_t end = pos + needle.size();
  bool left = pos == 0 || !isWordChar(needle.front()) || !isWordChar(text[pos - 1]);
  bool right = end == text.size() || !isWordChar(needle.back()) || !isWordChar(text[end]);
  return left && right;
}

}  // namespace

std::string Masker::mask(std::string_view text) const { return replace(maskUrlCredentials(text), true); }

std::string Masker::maskKey(std::string_view key) const { return replace(key, false); }

std::string Masker::replace(std::string_view text, bool shortSecretsToo) const {
  std::string out(text);
  std::lock_guard lock(mutex_);
  for (const auto& needle : needles_) {  // longest first: every long secret is replaced before any short one
    bool isShort = needle.size() < kShortSecret;
    if (isShort && !shortSecretsToo) break;
    for (size_t pos = 0; (pos = out.find(needle, pos)) != std::string::npos;) {
      if (isShort && !standsAlone(out, pos, needle)) {
        ++pos;
        continue;
      }
      out.replace(pos, needle.size(), kMask);
      pos += kMask.size();
    }
  }
  return out;
}

namespace {

bool isSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

bool endsUserInfo(char c) {
  return c == '/' || c == '?' || c == '#' || std::isspace(static_cast<unsigned char>(c)) || c == '"' ||
         c == '\'' || c == '<' || c == '>';
}

}  // namespace

std::string maskUrlCredentials(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t sep = text.find("://", i);
    if (sep == std::string_view::npos) break;
    size_t schemeStart = sep;
    while (schemeStart > i && isSchemeChar(text[schemeStart - 1])) --schemeStart;
    std::string scheme(text.substr(schemeStart, sep - schemeStart));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    size_t authority = sep + 3;
    size_t end = authority;
    while (end < text.size() && !endsUserInfo(text[end])) ++end;
    std::string_view host = text.substr(authority, end - authority);
    size_t at = host.rfind('@');
    out.append(text.substr(i, authority - i));
    if (at == std::string_view::npos || scheme.empty()) {
      i = authority;
      continue;
    }
    std::string_view userinfo = host.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      out.append(userinfo.substr(0, colon + 1));
      out.append(Masker::kMask);
    } else if (scheme == "http" || scheme == "https") {
      out.append(Masker::kMask);  // a bare token as user name, e.g. https://ghp_x@github.com
    } else {
      out.append(userinfo);  // ssh://git@host: a user name, not a secret
    }
    out += '@';
    i = authority + at + 1;
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace kcicd
