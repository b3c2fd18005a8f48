#include <iostream>

#include "cli/App.h"
#include "runtime/Environment.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  kcicd::ProcessEnvironment env;
  return kcicd::cli::run(argc, argv, env, std::cout, std::cerr);
}
