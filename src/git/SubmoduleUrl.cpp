#include "SubmoduleUrl.h"

#include <cctype>

namespace kcicd::git {
namespace {

// git's remote-helper syntax "<transport>::<address>" (ext::, fd::, …): names a program, not a server.
bool isRemoteHelper(std::string_view url) {
  auto colons = url.find("::");
  if (colons == std::string_view::npos || colons == 0) return false;
  for (char c : url.substr(0, colons))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '+' && c != '.') return false;
  return true;
}

}  // namespace

std::optional<std::string> submoduleUrlRefusal(const RemoteUrl& parent, std::string_view declared,
                                               std::string_view resolved) {
  if (isRemoteHelper(declared) || isRemoteHelper(resolved))
    return "remote-helper URLs such as ext:: run a command on this machine (git's protocol.ext.allow=never)";
  if (parent.transport == Transport::Local) return std::nullopt;
  if (parseRemoteUrl(resolved).transport == Transport::Local)
    return "it points at this machine's disk (file:// or a path), which a repository cloned from " +
           parent.withoutPassword +
           " may not use (git's protocol.file.allow=user); use a URL on a server, e.g. relative: ../name.git";
  return std::nullopt;
}

}  // namespace kcicd::git
