#!/usr/bin/env bash
# README quick start, command 2: install, build and run every test. Ends with ctest's summary;
# exits non-zero on any failure. Steps:
#   1. install dependencies, build (build/), `cmake --install` test
#   2. the Dockerfile's images built and run with buildah (no Docker engine)  [KCICD_SKIP_DOCKER_TEST=1 skips]
#   3. every libFuzzer target for a bounded time (scripts/fuzz.sh, clang)    [KCICD_FUZZ_SECONDS, default 30]
#   4. the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)  [KCICD_SKIP_SANITIZE=1 skips]
#   5. the whole suite (build/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
CMAKE_ARGS="-DKCICD_BUILD_TESTS=ON" scripts/build.sh
tests/install/install-test.sh build
if [ "${KCICD_SKIP_DOCKER_TEST:-0}" != 1 ]; then
  scripts/docker-test.sh
fi
scripts/fuzz.sh "${KCICD_FUZZ_SECONDS:-30}"
if [ "${KCICD_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== the whole suite under -fsanitize=address,undefined (build-asan/)"
  BUILD_DIR=build-asan CMAKE_ARGS="-DKCICD_BUILD_TESTS=ON -DKCICD_SANITIZE=ON" scripts/build.sh
  # A sanitizer report aborts the process, so the test fails.
  (cd build-asan && ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     ctest --output-on-failure -j"$(nproc)" --timeout 900)
fi
echo "== the whole suite (build/)"
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
