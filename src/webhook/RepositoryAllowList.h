#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kcicd::webhook {

// A repository URL in the form compared by the allow-list: scheme and host lower-cased (also the host
// of scp-like "git@Host:org/repo"), then one trailing '/' and one trailing ".git" removed (in that
// order, repeated: "repo.git/" → "repo"). The path keeps its case; user-info and port are kept.
std::string normalizeRepositoryUrl(std::string_view url);

// Glob over a whole normalised URL: '*' matches any run of characters except '/', '@', '?' and '#',
// "**" any run at all, '?' one character except those four; everything else is literal.
bool globMatch(std::string_view pattern, std::string_view text);

// True when `url` equals one of `repos` or matches one of `patterns`, both sides normalised.
// The payload's URL is claimed by the sender: it is used only when this says yes.
bool repositoryAllowed(std::string_view url, const std::vector<std::string>& repos,
                       const std::vector<std::string>& patterns);

}  // namespace kcicd::webhook
