#!/usr/bin/env bash
# Benchmark: `kestra-cicd flow validate --local` vs the bare yaml-cpp parse (YAML::Load) of the same files,
# single-threaded and on 2 threads, peak RSS for 10,000 flows, and `--version` start-up time.
# Targets: validate-1 <= 1.3x bare, validate-2 <= 0.7x bare, < 64 MB peak RSS for 10,000 flows, --version <= 10 ms.
#
# usage: bench/flow/run.sh [build-dir] [bench_flow options: --flows N --memory-flows N --runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
[ -x "$build/bench/bench_flow" ] || { echo "no bench_flow in $build/bench (cmake --build $build --target bench_flow kestra-cicd)" >&2; exit 2; }
exec "$build/bench/bench_flow" --binary "$(cd "$build" && pwd)/kestra-cicd" "$@"
