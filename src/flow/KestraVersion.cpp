#include "KestraVersion.h"

#include <charconv>

namespace kcicd::flow {

std::optional<KestraVersion> parseKestraVersion(std::string_view text) {
  if (text == "2.0" || text == "2.x" || text == "2") return KestraVersion::V2_0;
  if (text == "1.3" || text == "1.x" || text == "1") return KestraVersion::V1_3;
  if (text == "0.21" || text == "0.x" || text == "0") return KestraVersion::V0_21;
  return std::nullopt;
}

std::string_view toString(KestraVersion version) {
  switch (version) {
    case KestraVersion::V2_0: return "2.0";
    case KestraVersion::V1_3: return "1.3";
    case KestraVersion::V0_21: break;
  }
  return "0.21";
}

std::optional<KestraVersion> versionOfServer(std::string_view serverVersion) {
  if (!serverVersion.empty() && serverVersion.front() == 'v') serverVersion.remove_prefix(1);
  unsigned major = 0;
  auto [end, error] = std::from_chars(serverVersion.data(), serverVersion.data() + serverVersion.size(), major);
  if (error != std::errc() || end == serverVersion.data() || (end != serverVersion.data() + serverVersion.size() && *end != '.'))
    return std::nullopt;
  if (major == 0) return KestraVersion::V0_21;
  if (major == 1) return KestraVersion::V1_3;
  return KestraVersion::V2_0;
}

}  // namespace kcicd::flow
