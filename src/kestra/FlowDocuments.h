#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::kestra {

// Several flow sources in one application/x-yaml body, joined like the Kestra CLI (buildYamlBody): "\n---\n".
std::string joinSources(const std::vector<std::string>& sources);

// The documents the server sees in `body`: Kestra's FlowController.validateFlows splits with the Java
// regex `\n+---\n*?` (String.split: trailing empty strings dropped), see cli-and-api.md §1.3.
std::vector<std::string_view> splitLikeValidate(std::string_view body);

// For each result index of POST /flows/validate on joinSources(sources): the index of the source it came
// from. A source holding several documents (or a `---` line) owns several indexes.
std::vector<std::size_t> documentOwners(const std::vector<std::string>& sources);

}  // namespace kcicd::kestra
