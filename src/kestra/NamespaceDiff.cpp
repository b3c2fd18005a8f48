#include "NamespaceDiff.h"

#include <algorithm>

namespace kcicd::kestra {

namespace {

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Edit {
  char op;  // ' ', '-', '+'
  std::size_t a, b;  // line numbers (0-based) in before / after at this point
  std::string text;
};

// Longest-common-subsequence edit script; beyond ~4M cells every line is replaced (flows are small).
std::vector<Edit> editScript(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Edit> edits;
  std::size_t n = a.size(), m = b.size();
  if (n * m > 4'000'000) {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({'-', i, 0, a[i]});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({'+', n, j, b[j]});
    return edits;
  }
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', i, j, a[i]});
      ++i, ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', i, j, a[i]});
      ++i;
    } else {
      edits.push_back({'+', i, j, b[j]});
      ++j;
    }
  }
  return edits;
}

}  // namespace

std::string_view toString(FlowChangeKind kind) {
  switch (kind) {
    case FlowChangeKind::Added: return "ADDED";
    case FlowChangeKind::Updated: return "UPDATED";
    case FlowChangeKind::Unchanged: return "UNCHANGED";
    case FlowChangeKind::Deleted: return "DELETED";
  }
  return "";
}

std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view beforeName,
                        std::string_view afterName, std::size_t maxLines) {
  auto a = lines(before), b = lines(after);
  auto edits = editScript(a, b);
  constexpr std::size_t context = 3;
  std::vector<std::string> out{"--- " + std::string(beforeName), "+++ " + std::string(afterName)};
  std::size_t k = 0, previousEnd = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == ' ') ++k;
    if (k == edits.size()) break;
    std::size_t start = std::max(previousEnd, k >= context ? k - context : 0);
    // Extend the hunk while changes are closer than 2 * context lines apart.
    std::size_t end = k, quiet = 0;
    while (end < edits.size() && quiet <= 2 * context) {
      quiet = edits[end].op == ' ' ? quiet + 1 : 0;
      ++end;
    }
    if (quiet > context) end -= quiet - context;
    std::size_t aCount = 0, bCount = 0;
    for (std::size_t x = start; x < end; ++x) {
      if (edits[x].op != '+') ++aCount;
      if (edits[x].op != '-') ++bCount;
    }
    std::size_t aStart = aCount ? edits[start].a + 1 : edits[start].a;
    std::size_t bStart = bCount ? edits[start].b + 1 : edits[start].b;
    out.push_back("@@ -" + std::to_string(aStart) + "," + std::to_string(aCount) + " +" + std::to_string(bStart) +
                  "," + std::to_string(bCount) + " @@");
    for (std::size_t x = start; x < end; ++x) out.push_back(std::string(1, edits[x].op) + edits[x].text);
    k = previousEnd = end;
  }
  std::string text;
  for (std::size_t i = 0; i < out.size() && i < maxLines; ++i) text += out[i] + "\n";
  if (out.size() > maxLines) text += "… " + std::to_string(out.size() - maxLines) + " more lines\n";
  return text;
}

}  // namespace kcicd::kestra
