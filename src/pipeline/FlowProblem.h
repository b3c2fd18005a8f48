#pragma once
#include <cstddef>
#include <string>

namespace kcicd::pipeline {

// What blocks a deploy or a namespace update: one line each, with the file (and position when known).
struct FlowProblem {
  std::string file;
  std::size_t line = 0, column = 0;
  std::string message;
  std::string stage;  // "local", "server", "namespace", "read-only"
};

}  // namespace kcicd::pipeline
