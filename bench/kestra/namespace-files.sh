#!/usr/bin/env bash
# Benchmark: upload 100 files (10 MB in all, sizes from 4 KiB to ~400 KiB, some binary) to one namespace of the
# local fake Kestra, three ways:
#   curl       a shell loop of curl, one multipart POST …/namespaces/<ns>/files?path= per file (what the JVM CLI's
#              `namespace files update` sent; the baseline)
#   first      `kestra-cicd namespace files update` into an empty namespace: a listing, then 100 streamed uploads,
#              4 at a time on keep-alive connections
#   unchanged  the same command again: listing, a read and a byte comparison per file, nothing uploaded
# Usage: bench/kestra/namespace-files.sh [build-dir] [rounds] [fake's --kestra version]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
rounds="${2:-3}"
version="${3:-2.0}"
files=100
user="bench@example.com:bench-pass"
# shellcheck source=bench/kestra/fake.sh
source "$root/bench/kestra/fake.sh"

# 100 files summing to 10,000,000 bytes: file i has a size growing with i, from /dev/urandom (NUL bytes included).
python3 - "$work/src" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
total = 10_000_000
weights = [i + 1 for i in range(n)]
sizes = [total * w // sum(weights) for w in weights]
sizes[-1] += total - sum(sizes)
for i, size in enumerate(sizes):
    path = os.path.join(root, f"dir{i % 10}", f"file{i}.bin")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(os.urandom(size))
PY

reset() { curl -s -o /dev/null -X POST "$url/__fake/reset"; }
now() { date +%s.%N; }
stored() {
  curl -s "$url/__fake/state/files" | python3 -c 'import json,sys; d=json.load(sys.stdin).get("main",{}).get("bench",{}); print(sum(e["size"] for e in d.values() if e["type"]=="File"))'
}
run_curl() {
  (cd "$work/src" && find . -type f | sort) | while read -r rel; do
    curl -sf -o /dev/null -u "$user" -F "fileContent=@$work/src/${rel#./};filename=f" \
      "$url/api/v1/main/namespaces/bench/files?path=/${rel#./}"
  done
}
run_cicd() {
  KESTRA_USER="${user%%:*}" KESTRA_PASSWORD="${user#*:}" KESTRA_CICD_FRAMES=never \
    "$build/kestra-cicd" namespace files update bench "$work/src" --server "$url" >/dev/null
}

declare -A times
for round in $(seq 1 "$rounds"); do
  for way in curl first unchanged; do
    [[ "$way" == unchanged ]] || reset
    start="$(now)"
    if [[ "$way" == curl ]]; then run_curl; else run_cicd; fi
    elapsed="$(echo "$(now) - $start" | bc -l)"
    [[ "$(stored)" == 10000000 ]] || { echo "$way stored $(stored) bytes, expected 10000000" >&2; exit 1; }
    printf 'round %d  %-10s %.3f s\n' "$round" "$way" "$elapsed"
    times[$way]+="$elapsed "
  done
done
python3 - "${times[curl]}" "${times[first]}" "${times[unchanged]}" <<'PY'
import statistics, sys
names = ["curl loop", "kestra-cicd (empty)", "kestra-cicd (same)"]
runs = [[float(x) for x in arg.split()] for arg in sys.argv[1:]]
base = statistics.median(runs[0])
for name, values in zip(names, runs):
    m = statistics.median(values)
    print(f"{name:22s} median {m:.3f} s ({m / base:.2f}x curl)  best {min(values):.3f} s")
PY
