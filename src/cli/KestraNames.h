#pragma once
#include <CLI/CLI.hpp>

namespace kcicd::cli {

// Checks of names that end up in API paths, with Kestra's own patterns (flow/Patterns.h): a namespace,
// a flow id. A refused name is a usage error naming the argument (exit 2), before any request: `..` or
// `a/b` never reach a URL.
CLI::Validator kestraNamespace();
CLI::Validator kestraFlowId();

}  // namespace kcicd::cli
