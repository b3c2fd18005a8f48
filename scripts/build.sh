#!/usr/bin/env bash
# Configures and builds kestra-cicd into build/ (or $BUILD_DIR).
#   scripts/build.sh                 everything (binary, tests, benchmarks)
#   scripts/build.sh kestra-cicd     only the named targets
# Extra CMake cache settings can be given in $CMAKE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-} >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
