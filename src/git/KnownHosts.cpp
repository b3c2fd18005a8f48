#include "KnownHosts.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "Sha1.h"
#include "runtime/Base64.h"
#include "runtime/Errors.h"

namespace kcicd::git {
namespace {

// Glob with '*' and '?', as OpenSSH's match_pattern (case-insensitive for host names).
bool glob(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool hashedMatches(std::string_view pattern, const std::string& name) {
  // |1|salt|hash
  auto rest = pattern.substr(3);
  auto bar = rest.find('|');
  if (bar == std::string_view::npos) return false;
  auto salt = base64::decode(rest.substr(0, bar));
  auto hash = base64::decode(rest.substr(bar + 1));
  if (!salt || !hash || hash->size() != 20) return false;
  auto digest = hmacSha1(*salt, name);
  return std::string(digest.begin(), digest.end()) == *hash;
}

}  // namespace

std::string KnownHosts::hostName(std::string_view host, int port) {
  if (port == 0 || port == 22) return std::string(host);
  return "[" + std::string(host) + "]:" + std::to_string(port);
}

bool KnownHosts::matchesHost(const std::string& patterns, const std::string& name) {
  if (patterns.rfind("|1|", 0) == 0) return hashedMatches(patterns, name);
  bool matched = false;
  std::stringstream list(patterns);
  std::string pattern;
  while (std::getline(list, pattern, ',')) {
    bool negated = !pattern.empty() && pattern.front() == '!';
    if (negated) pattern.erase(0, 1);
    if (glob(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

KnownHosts KnownHosts::parse(std::string_view text) {
  KnownHosts hosts;
  std::stringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::stringstream fields(line);
    std::string first;
    if (!(fields >> first) || first.front() == '#') continue;
    Entry entry;
    if (first.front() == '@') {
      if (first == "@cert-authority") continue;
      if (first != "@revoked") continue;  // unknown marker: ignored like OpenSSH
      entry.revoked = true;
      if (!(fields >> first)) continue;
    }
    entry.patterns = first;
    std::string blob;
    if (!(fields >> entry.keyType >> blob)) continue;
    auto decoded = base64::decode(blob);
    if (!decoded) continue;
    entry.keyBlob = std::move(*decoded);
    hosts.entries_.push_back(std::move(entry));
  }
  return hosts;
}

KnownHosts KnownHosts::load(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("known_hosts file '" + file.string() + "' cannot be read");
  std::stringstream content;
  content << in.rdbuf();
  return parse(content.str());
}

KnownHosts::Verdict KnownHosts::check(std::string_view host, int port, std::string_view keyType,
                                      std::string_view keyBlob) const {
  std::string name = hostName(host, port);
  bool known = false, matched = false;
  for (const auto& e : entries_) {
    if (e.revoked) {
      // A revoked key is refused whatever host it is listed for.
      if (e.keyBlob == keyBlob) return Verdict::Revoked;
      continue;
    }
    if (!matchesHost(e.patterns, name)) continue;
    known = true;
    if (e.keyType == keyType && e.keyBlob == keyBlob) matched = true;
  }
  if (matched) return Verdict::Match;
  // Known under some key, whatever its type: another key is a changed key, as OpenSSH decides; taking
  // it for an unknown host would let --accept-unknown-host-key accept a man-in-the-middle.
  return known ? Verdict::Mismatch : Verdict::Unknown;
}

std::vector<std::string> KnownHosts::keyTypes(std::string_view host, int port) const {
  std::string name = hostName(host, port);
  std::vector<std::string> types;
  for (const auto& e : entries_)
    if (!e.revoked && matchesHost(e.patterns, name) &&
        std::find(types.begin(), types.end(), e.keyType) == types.end())
      types.push_back(e.keyType);
  return types;
}

std::string sshFingerprint(std::string_view sha256Digest) {
  std::string b64 = base64::encode(sha256Digest);
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

}  // namespace kcicd::git
