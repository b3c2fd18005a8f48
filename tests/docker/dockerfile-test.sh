#!/usr/bin/env bash
# Structure test of the Dockerfile (no build): the image targets differ only in how they ship the one
# build stage's result. Checks
#   - the default (last) stage is `runtime`, FROM debian:bookworm-slim, and installs `--runtime` only;
#   - the build stage runs scripts/build.sh on top of install-deps.sh --build, and nothing else compiles;
#   - the script calls behind the `kestra` target are exactly those behind the default target.
#   tests/docker/dockerfile-test.sh [Dockerfile]
set -euo pipefail
dockerfile=${1:-$(dirname "$0")/../../Dockerfile}
fail() { echo "dockerfile-test: FAIL: $*" >&2; exit 1; }

# One instruction per line ("stage<TAB>INSTRUCTION<TAB>arguments"), continuations joined, comments dropped.
parsed=$(awk '
  /^[[:space:]]*#/ { next }
  { line = cont $0; cont = "" }
  line ~ /\\[[:space:]]*$/ { sub(/\\[[:space:]]*$/, " ", line); cont = line; next }
  line ~ /^[[:space:]]*$/ { next }
  {
    split(line, w, /[[:space:]]+/); op = toupper(w[1]); args = line; sub(/^[[:space:]]*[^[:space:]]+[[:space:]]*/, "", args)
    if (op == "FROM") { n++; stage = (w[4] != "" && toupper(w[3]) == "AS") ? w[4] : "stage" n; print stage "\tFROM\t" w[2]; next }
    print (n ? stage : "global") "\t" op "\t" args
  }' "$dockerfile")

stages=$(awk -F'\t' '$2 == "FROM" { print $1 }' <<<"$parsed")
last=$(tail -1 <<<"$stages")
from_of() { awk -F'\t' -v s="$1" '$1 == s && $2 == "FROM" { print $3 }' <<<"$parsed"; }
runs_of() { awk -F'\t' -v s="$1" '$1 == s && $2 == "RUN" { print $3 }' <<<"$parsed"; }
# Stages a stage builds on: its FROM when that is a stage, and every COPY --from=<stage>.
parents_of() {
  local f
  f=$(from_of "$1")
  grep -qx -- "$f" <<<"$stages" && echo "$f"
  awk -F'\t' -v s="$1" '$1 == s && $2 == "COPY" && match($3, /--from=[^[:space:]]+/) {
    print substr($3, RSTART + 7, RLENGTH - 7) }' <<<"$parsed"
}
# The script calls (scripts/<name>.sh plus its first argument) of every stage a target builds on.
build_calls() {
  local todo=("$1") seen=" " s p
  while [ "${#todo[@]}" -gt 0 ]; do
    s=${todo[0]}; todo=("${todo[@]:1}")
    for p in $(parents_of "$s"); do
      case $seen in *" $p "*) continue ;; esac
      seen+="$p "; todo+=("$p")
    done
  done
  for s in $seen; do runs_of "$s"; done | grep -oE 'scripts/[a-z-]+\.sh( [a-z-]+| --[a-z]+)?' | sort -u
}

[ "$last" = runtime ] || fail "the last (default) stage is '$last', expected 'runtime'"
[ "$(from_of runtime)" = debian:bookworm-slim ] || fail "runtime is FROM '$(from_of runtime)', expected debian:bookworm-slim"
grep -qx kestra <<<"$stages" || fail "no 'kestra' stage"
grep -qx build <<<"$stages" || fail "no 'build' stage"
build_calls build | grep -q 'scripts/install-deps.sh --build' || fail "build stage: no install-deps.sh --build behind it"
runs_of build | grep -q 'scripts/build.sh' || fail "build stage does not run scripts/build.sh"
runs_of runtime | grep -q 'install-deps.sh --runtime' || fail "runtime stage does not run install-deps.sh --runtime"
if runs_of runtime | grep -qE 'install-deps.sh --build|build-essential|cmake'; then
  fail "runtime stage installs build tools"
fi
compilers=$(awk -F'\t' '$2 == "RUN" && $3 ~ /cmake --build|scripts\/build\.sh|g\+\+|make / { print $1 }' <<<"$parsed" | sort -u)
[ "$compilers" = build ] || fail "stages that compile: '$(echo $compilers)', expected only 'build'"
if runs_of kestra | grep -qE 'apt-get|install-deps'; then fail "kestra stage installs packages"; fi

runtime_calls=$(build_calls runtime)
kestra_calls=$(build_calls kestra)
[ -n "$runtime_calls" ] || fail "no script call found behind the runtime target"
[ "$runtime_calls" = "$kestra_calls" ] || fail "build steps differ:
runtime: $runtime_calls
kestra:  $kestra_calls"
echo "dockerfile-test: ok (stages: $(echo $stages); both targets build with: $(echo $runtime_calls))"
