#pragma once
// Cron expressions as Kestra's Schedule trigger parses them (cron-utils with Kestra's definition,
// flow-validation.md §2.4): 5 fields (minute hour day-of-month month day-of-week), 6 with `withSeconds`
// (seconds first); strict ranges; names JAN–DEC and SUN–SAT; day-of-week 0–7 (7 is Sunday); no `?`, `W`, `#`
// (Kestra 1.x also accepts `L` in the day-of-month); nicknames @yearly @annually @monthly @weekly @daily
// @midnight @hourly.
#include <optional>
#include <string>
#include <string_view>

#include "KestraVersion.h"

namespace kcicd::flow {

// nullopt when valid, else a cron-utils-like explanation ("Value 61 not in range [0, 59]").
std::optional<std::string> checkCron(std::string_view expression, bool withSeconds, KestraVersion version);

}  // namespace kcicd::flow
