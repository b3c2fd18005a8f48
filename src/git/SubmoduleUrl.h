#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "RemoteUrl.h"

namespace kcicd::git {

// Whether a submodule's URL may be cloned, as git decides with protocol.file.allow=user and
// protocol.ext.allow=never: a repository cloned from a remote may not make the worker's own disk part
// of the deploy (file://, absolute or relative paths), and ext:: (a command run by git) is never
// allowed. `declared` is the .gitmodules URL, `resolved` the same against the parent's remote (a
// "../lib.git" relative URL resolves to the remote and is allowed).
// Returns why the URL is refused, or nullopt.
std::optional<std::string> submoduleUrlRefusal(const RemoteUrl& parent, std::string_view declared,
                                               std::string_view resolved);

}  // namespace kcicd::git
