#!/usr/bin/env bash
# README quick start, command 1: install what is needed, build, and run the main job on flows/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh kestra-cicd
bin=build/kestra-cicd
"$bin" --version
