#pragma once
#include <string_view>

namespace kcicd::webhook {

// True when `given` and `expected` hold the same bytes. The time taken depends only on the length
// of `given` (the value the sender controls), never on where the first difference is nor on the
// content or length of `expected`: every byte of `given` is compared with no early exit, and a length
// difference is folded into the result instead of returning early. GitHub: "Never use a plain ==".
bool constantTimeEquals(std::string_view given, std::string_view expected);

}  // namespace kcicd::webhook
