#!/usr/bin/env bash
# README quick start, command 2: install, build and run every test. Ends with ctest's summary;
# exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
CMAKE_ARGS="-DKCICD_BUILD_TESTS=ON" scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
