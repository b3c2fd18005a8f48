#pragma once
#include <optional>
#include <string_view>

namespace kcicd::flow {

// The Kestra release line whose validation rules apply, oldest first (the order is meaningful: a rule that
// appeared in 1.3 holds for every version >= V1_3). 2.0 is the default (current release, GA September 2026);
// 1.3 is the previous LTS; 0.21 keeps the 0.x rules where they differ (listeners, taskDefaults, label keys…).
enum class KestraVersion { V0_21, V1_3, V2_0 };

// "2.0" / "2.x" → V2_0, "1.3" / "1.x" → V1_3, "0.21" / "0.x" → V0_21.
std::optional<KestraVersion> parseKestraVersion(std::string_view text);
std::string_view toString(KestraVersion version);
// The rules for a server's `version` (GET /api/v1/configs, e.g. "2.0.13", "1.3.5-oss"): its major line;
// a newer line than 2 gets the newest rules known here. nullopt when the text is no version.
std::optional<KestraVersion> versionOfServer(std::string_view serverVersion);
constexpr bool atLeast(KestraVersion version, KestraVersion minimum) { return version >= minimum; }
constexpr KestraVersion kDefaultKestraVersion = KestraVersion::V2_0;

}  // namespace kcicd::flow
