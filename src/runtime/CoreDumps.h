#pragma once

namespace kcicd {

// Forbids core dumps of this process: one would hold the API token, Git password and webhook secret in
// clear, on a Kestra worker's disk or in a crash collector (core_pattern "|…" ignores RLIMIT_CORE, so the
// process is also marked not dumpable). Called first thing in main().
void forbidCoreDumps();

}  // namespace kcicd
