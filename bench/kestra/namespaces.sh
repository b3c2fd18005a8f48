#!/usr/bin/env bash
# Benchmark: deploy 50 namespaces × 20 flows to the local fake Kestra, three ways, in one run:
#   curl      a shell loop of curl, one POST /api/v1/main/flows/<ns> per namespace (the baseline)
#   cli       a shell loop of `kestra-cicd flow namespace update <ns> <dir>` (one GET + one POST each)
#   library   bench_kestra: the client library in one process, one keep-alive connection (the deploy path)
# Goal: kestra-cicd ≤ 1.0× curl's wall time. Usage: bench/kestra/namespaces.sh [build-dir] [rounds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
rounds="${2:-3}"
namespaces=50
flows=20
user="bench@example.com:bench-pass"
work="$(mktemp -d)"
fake_pid=""
cleanup() { [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
node "$root/tests/fake-kestra/server.js" --port "$port" --user "$user" >"$work/fake.log" 2>&1 &
fake_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s -o /dev/null "$url/ping" && break; sleep 0.1; done

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
run_library() { "$build/bench/bench_kestra" "$url" "$work/flows" "$user" >/dev/null; }

declare -A best
for round in $(seq 1 "$rounds"); do
  for way in curl cli library; do
    reset
    start="$(now)"
    "run_$way"
    elapsed="$(echo "$(now) - $start" | bc -l)"
    count="$(curl -s "$url/__fake/flows" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(v) for v in d.get("main",{}).values()))')"
    [[ "$count" == "$((namespaces * flows))" ]] || { echo "$way deployed $count flows, expected $((namespaces * flows))" >&2; exit 1; }
    printf 'round %d  %-8s %.3f s\n' "$round" "$way" "$elapsed"
    if [[ -z "${best[$way]:-}" ]] || (( $(echo "$elapsed < ${best[$way]}" | bc -l) )); then best[$way]="$elapsed"; fi
  done
done
echo "best of $rounds: curl ${best[curl]} s, kestra-cicd loop ${best[cli]} s ($(echo "${best[cli]} / ${best[curl]}" | bc -l | cut -c1-5)× curl)," \
  "library ${best[library]} s ($(echo "${best[library]} / ${best[curl]}" | bc -l | cut -c1-5)× curl)"
