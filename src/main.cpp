#include <iostream>

#include "cli/App.h"
#include "runtime/CoreDumps.h"
#include "runtime/Environment.h"

int main(int argc, char** argv) {
  kcicd::forbidCoreDumps();
  std::ios::sync_with_stdio(false);
  kcicd::ProcessEnvironment env;
  return kcicd::cli::run(argc, argv, env, std::cout, std::cerr);
}
