#!/usr/bin/env bash
# README quick start, command 2: install, build and run every test. Ends with ctest's summary;
# exits non-zero on any failure.
#   KCICD_SKIP_DOCKER_TEST=1 scripts/test.sh   skips the image build (scripts/docker-test.sh, minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
CMAKE_ARGS="-DKCICD_BUILD_TESTS=ON" scripts/build.sh
# Packaging: `cmake --install`, then the Dockerfile's images built and run with buildah (no Docker engine).
tests/install/install-test.sh build
if [ "${KCICD_SKIP_DOCKER_TEST:-0}" != 1 ]; then
  scripts/docker-test.sh
fi
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
