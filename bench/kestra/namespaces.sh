#!/usr/bin/env bash
# Benchmark: deploy 50 namespaces × 20 flows to the local fake Kestra, four ways, in one run:
#   curl      a shell loop of curl, one POST /api/v1/main/flows/<ns> per namespace: Kestra's bulk route
#             (the baseline; it cuts flows on "---" and half applies a failure, so kestra-cicd does not use it)
#   deploy    one `kestra-cicd deploy --flows-dir DIR` (folders = namespaces): local and server validation,
#             then per flow a read and a POST/PUT, 4 at a time on keep-alive connections, with rollback
#   cli       a shell loop of `kestra-cicd flow namespace update <ns> <dir>` (one process per namespace)
#   library   bench_kestra: the same flow-by-flow update as deploy, in one process, without validation
# Goal (flow by flow): kestra-cicd deploy ≤ 1.5× curl's wall time.
# Usage: bench/kestra/namespaces.sh [build-dir] [rounds] [fake's --kestra version]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
rounds="${2:-3}"
version="${3:-2.0}"
namespaces=50
flows=20
user="bench@example.com:bench-pass"
# shellcheck source=bench/kestra/fake.sh
source "$root/bench/kestra/fake.sh"

for n in $(seq 1 $namespaces); do
  ns="bench.ns$n"
  mkdir -p "$work/flows/$ns"
  for f in $(seq 1 $flows); do
    printf 'id: flow%d\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: flow %d of %s\n' \
      "$f" "$ns" "$f" "$ns" >"$work/flows/$ns/flow$f.yml"
  done
  # curl gets the same body kestra-cicd sends: the files joined by "\n---\n".
  first=1
  for file in $(ls "$work/flows/$ns"/*.yml | sort); do
    [[ $first -eq 1 ]] || printf '\n---\n'
    cat "$file"
    first=0
  done >"$work/$ns.yaml"
done

reset() { curl -s -o /dev/null -X POST "$url/__fake/reset"; }
now() { date +%s.%N; }

run_curl() {
  for n in $(seq 1 $namespaces); do
    curl -sf -o /dev/null -u "$user" -H 'Content-Type: application/x-yaml' --data-binary "@$work/bench.ns$n.yaml" \
      "$url/api/v1/main/flows/bench.ns$n?override=false&delete=false"
  done
}
run_cli() {
  for n in $(seq 1 $namespaces); do
    KESTRA_USER="$user" KESTRA_CICD_FRAMES=never "$build/kestra-cicd" flow namespace update "bench.ns$n" \
      "$work/flows/bench.ns$n" --server "$url" >/dev/null
  done
}
run_deploy() {
  KESTRA_USER="$user" KESTRA_CICD_FRAMES=never "$build/kestra-cicd" deploy --flows-dir "$work/flows" \
    --server "$url" >/dev/null
}
run_library() { "$build/bench/bench_kestra" "$url" "$work/flows" "$user" >/dev/null; }

declare -A times
for round in $(seq 1 "$rounds"); do
  for way in curl deploy cli library; do
    reset
    start="$(now)"
    "run_$way"
    elapsed="$(echo "$(now) - $start" | bc -l)"
    count="$(curl -s "$url/__fake/flows" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(v) for v in d.get("main",{}).values()))')"
    [[ "$count" == "$((namespaces * flows))" ]] || { echo "$way deployed $count flows, expected $((namespaces * flows))" >&2; exit 1; }
    printf 'round %d  %-8s %.3f s\n' "$round" "$way" "$elapsed"
    times[$way]+="$elapsed "
  done
done
# Median and best of the rounds, and each one's ratio to curl's.
python3 - "${times[curl]}" "${times[deploy]}" "${times[cli]}" "${times[library]}" <<'PY'
import statistics, sys
names = ["curl", "kestra-cicd deploy", "kestra-cicd loop", "library"]
runs = [[float(x) for x in arg.split()] for arg in sys.argv[1:]]
base_median, base_best = statistics.median(runs[0]), min(runs[0])
for name, values in zip(names, runs):
    m, b = statistics.median(values), min(values)
    print(f"{name:20s} median {m:.3f} s ({m / base_median:.2f}x curl)  best {b:.3f} s ({b / base_best:.2f}x curl)")
PY
