#pragma once
#include <functional>
#include <memory>
#include <string>

#include "runtime/Console.h"
#include "runtime/Environment.h"
#include "runtime/Masker.h"
#include "runtime/Secrets.h"

namespace kcicd::cli {

// What every command gets: the environment, the secret resolver, and the Console it prints through.
struct Context {
  Context(const Environment& environment, std::ostream& outStream, std::ostream& errStream)
      : env(environment), secrets(environment, masker), out(outStream), err(errStream) {}

  const Environment& env;
  Masker masker;
  SecretResolver secrets;
  std::ostream& out;
  std::ostream& err;
  std::unique_ptr<Console> console;  // built after parsing, once --frames is known
  std::string framesMode = "auto";   // auto | always | never
  bool quiet = false, verbose = false;  // -q / -v
  std::string commandPath;           // e.g. "flow validate", for messages
  std::function<int()> action;       // set by the selected sub-command's parse callback
};

}  // namespace kcicd::cli
