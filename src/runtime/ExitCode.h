#pragma once
// Exit codes of every kestra-cicd command (documented in README.md, "Exit codes").
namespace kcicd {

enum class ExitCode : int {
  Ok = 0,       // everything succeeded (also: a webhook push that is deliberately skipped)
  Failure = 1,  // a flow is invalid, a deploy/clone did not complete, a signature is bad
  Usage = 2,    // bad command line, flag, path or environment variable; nothing was done
  Remote = 3,   // network, TLS, authentication or server failure
  Drift = 4,    // deploy --check: the server does not match Git
};

inline int toInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace kcicd
