#include "ConstantTime.h"

#include <cstddef>

namespace kcicd::webhook {

bool constantTimeEquals(std::string_view given, std::string_view expected) {
  // On a length difference `diff` starts at 1 and `given` is compared with itself, so the loop
  // always runs given.size() times with the same work whatever `expected` holds.
  const bool sameLength = given.size() == expected.size();
  const std::string_view other = sameLength ? expected : given;
  volatile unsigned char diff = sameLength ? 0 : 1;
  for (size_t i = 0; i < given.size(); ++i)
    diff = diff | static_cast<unsigned char>(static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(other[i]));
  return diff == 0;
}

}  // namespace kcicd::webhook
