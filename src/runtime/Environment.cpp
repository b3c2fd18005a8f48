#include "Environment.h"

#include <cstdlib>

namespace kcicd {

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> MapEnvironment::get(const std::string& name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

bool runsUnderKestra(const Environment& env) {
  auto dir = env.get("WORKING_DIR");
  return dir.has_value() && !dir->empty();
}

}  // namespace kcicd
