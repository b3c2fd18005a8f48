#include "FlowDocuments.h"

#include <algorithm>

namespace kcicd::kestra {

namespace {
constexpr std::string_view kSeparator = "\n---\n";

// Where `\n+---` matches at or after `from` (the lazy `\n*?` takes no newline): {begin, end} or npos.
std::pair<std::size_t, std::size_t> nextSeparator(std::string_view body, std::size_t from) {
  std::size_t i = from;
  while ((i = body.find('\n', i)) != std::string_view::npos) {
    std::size_t run = i;
    while (run < body.size() && body[run] == '\n') ++run;
    if (body.substr(run, 3) == "---") return {i, run + 3};
    i = run;
  }
  return {std::string_view::npos, std::string_view::npos};
}
}  // namespace

std::string joinSources(const std::vector<std::string>& sources) {
  std::string body;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) body += kSeparator;
    body += sources[i];
  }
  return body;
}

std::vector<std::string_view> splitLikeValidate(std::string_view body) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    auto [begin, end] = nextSeparator(body, start);
    if (begin == std::string_view::npos) break;
    parts.push_back(body.substr(start, begin - start));
    start = end;
  }
  if (parts.empty()) return {body};  // no match: the input itself, even ""
  parts.push_back(body.substr(start));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();  // String.split drops trailing ""
  return parts;
}

std::vector<std::size_t> documentOwners(const std::vector<std::string>& sources) {
  std::string body = joinSources(sources);
  std::vector<std::size_t> starts;  // offset of each source in the body
  std::size_t offset = 0;
  for (const auto& s : sources) {
    starts.push_back(offset);
    offset += s.size() + kSeparator.size();
  }
  std::vector<std::size_t> owners;
  if (sources.empty()) return owners;
  for (std::string_view part : splitLikeValidate(body)) {
    std::size_t at = static_cast<std::size_t>(part.data() - body.data());
    std::size_t content = part.find_first_not_of('\n');
    if (content != std::string_view::npos) {
      at += content;
    } else {  // an empty document comes from the `---` line that ends it
      at += part.size();
      while (at < body.size() && body[at] == '\n') ++at;
    }
    auto it = std::upper_bound(starts.begin(), starts.end(), at);
    owners.push_back(static_cast<std::size_t>(it - starts.begin()) - 1);
  }
  return owners;
}

}  // namespace kcicd::kestra
