#pragma once
#include <optional>
#include <string_view>

namespace kcicd::flow {

// The Kestra release line whose validation rules apply. 1.3 is the default; 0.21 keeps the 0.x rules where
// they differ (listeners, taskDefaults, label keys, reserved ids, input defaults…).
enum class KestraVersion { V0_21, V1_3 };

// "1.3" / "1.x" → V1_3, "0.21" / "0.x" → V0_21.
std::optional<KestraVersion> parseKestraVersion(std::string_view text);
std::string_view toString(KestraVersion version);

}  // namespace kcicd::flow
