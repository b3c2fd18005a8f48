#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default 30 s, every target
# Seeds: tests/fuzz/seeds/<target>/ plus data named in seed_dirs below; new corpus entries go to
# build-fuzz/corpus/<target>/. A crash fails the run; its input is kept as build-fuzz/crash-* and
# must become a regression input under tests/fuzz/regressions/<target>/ (replayed by this script).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
build=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKCICD_FUZZ=ON \
  -DKCICD_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
  >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

# The flow targets are also seeded with Kestra's test flows when $KCICD_KESTRA_FLOWS_DIR names their folder
# (.ci/run sets it; they are not in this repository: docs/kestra-flow-validation.md §6).
seed_dirs() {
  case "$1" in
    fuzz_flow | fuzz_read_only | fuzz_flow_identity) echo ${KCICD_KESTRA_FLOWS_DIR:-} flows plugin/flows ;;
    fuzz_webhook) echo tests/data/webhook ;;
    fuzz_api_error) echo ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
root=$PWD
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  seeds=()
  [ -d "tests/fuzz/seeds/$t" ] && seeds+=("$root/tests/fuzz/seeds/$t")
  for d in $(seed_dirs "$t"); do
    if [ -d "$d" ]; then
      # Flatten seed files (flow corpora are nested) into one seed folder per target.
      mkdir -p "$build/seeds/$t"
      find "$d" -type f -size -256k -exec cp -t "$build/seeds/$t" {} + 2>/dev/null || true
    fi
  done
  [ -d "$build/seeds/$t" ] && seeds+=("$(cd "$build/seeds/$t" && pwd)")
  if [ -d "tests/fuzz/regressions/$t" ]; then
    echo "== $t: replaying regressions"
    "$build/fuzz/$t" -runs=0 tests/fuzz/regressions/$t/* >/dev/null 2>&1 || { echo "regression input crashes $t"; status=1; }
  fi
  echo "== $t: fuzzing for ${seconds}s"
  if ! (cd "$build" && "./fuzz/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
          -print_final_stats=1 "corpus/$t" "${seeds[@]}" 2>"fuzz-$t.log"); then
    echo "FUZZ FAILURE in $t (log: $build/fuzz-$t.log):"
    tail -40 "$build/fuzz-$t.log"
    status=1
  else
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$build/fuzz-$t.log" | tr '\n' ' '
    echo
  fi
done
exit $status
