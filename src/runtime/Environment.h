#pragma once
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace kcicd {

// Read-only view of environment variables, so logic can be tested without touching the process env.
class Environment {
 public:
  virtual ~Environment() = default;
  // The value of `name`, or nullopt when it is unset. An empty value is returned as "".
  virtual std::optional<std::string> get(const std::string& name) const = 0;
};

// The real process environment (getenv).
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(const std::string& name) const override;
};

// A fixed set of variables, for tests.
class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  std::optional<std::string> get(const std::string& name) const override;
  void set(const std::string& name, const std::string& value) { vars_[name] = value; }

 private:
  std::map<std::string, std::string> vars_;
};

// True when the process runs as a Kestra script task: Kestra's task runners always set WORKING_DIR
// (core TaskRunner.env → ScriptService.ENV_WORKING_DIR), see docs/kestra-script-runtime.md §4.
bool runsUnderKestra(const Environment& env);

}  // namespace kcicd
