#pragma once
// Lets Catch2 print Violations in failed assertions.
#include <ostream>

#include "schema/JsonSchema.h"

namespace kcicd::schema {
inline std::ostream& operator<<(std::ostream& out, const Violation& v) {
  return out << "{\"" << v.pointer << "\", \"" << v.message << "\"}";
}
}  // namespace kcicd::schema
