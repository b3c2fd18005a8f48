#!/usr/bin/env bash
# Regenerates src/hot-functions.txt: the functions of kestra-cicd that run when it starts, validates
# the bundled flows, clones a repository and reaches for a server. The link lays them out together
# (lld --symbol-ordering-file), so those commands fault in a few pages of the binary's code instead
# of most of it (the kernel maps 64 KiB around each page fault). A function missing from the list
# still works; it only costs pages. Re-run after changing start-up or clone code, and compare
# bench/git and bench/flow (peak RSS) before and after.
#
# usage: scripts/hot-functions.sh [build-dir]   (default: build; needs valgrind)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bin=$(cd "$build" && pwd)/kestra-cicd
[ -x "$bin" ] || { echo "no kestra-cicd binary in $build (build it first)" >&2; exit 2; }
for tool in valgrind callgrind_annotate git; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install valgrind git)" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -c init.defaultBranch=main init -q "$tmp/repo"
cp -r "$root/flows" "$tmp/repo/"
git -C "$tmp/repo" add -A
git -C "$tmp/repo" -c user.name=kestra-cicd -c user.email=ci@kestra.invalid commit -q -m flows

n=0
profile() {  # profile <args...>: one callgrind run of the binary (its exit code does not matter)
  n=$((n + 1))
  (cd "$tmp" && valgrind --tool=callgrind --demangle=no --callgrind-out-file="$tmp/run.$n.out" \
    "$bin" --frames never "$@" >/dev/null 2>&1) || true
}
profile --version
profile flow validate --local "$root/flows"
profile git clone "file://$tmp/repo" --directory clone --depth 1
profile flow validate --server http://127.0.0.1:9 "$root/flows"  # loads the network module, connection refused

# "  1,234 ( 0.01%)  file.cpp:_ZN5kcicd...  [/path/kestra-cicd]" -> the mangled name, once.
for f in "$tmp"/run.*.out; do callgrind_annotate --threshold=100 "$f"; done \
  | awk -v bin="[$bin]" 'index($0, bin) {
      sub(/ +\[[^]]*\] *$/, ""); n = split($0, p, ":"); name = p[n]
      sub(/\047[0-9]+$/, "", name)  # a recursive call, named fn<quote>2 by callgrind: the same function
      if (name !~ /^0x/ && name !~ /^\(/ && !(name in seen)) { seen[name] = 1; print name }
    }' > "$root/src/hot-functions.txt"
echo "src/hot-functions.txt: $(wc -l < "$root/src/hot-functions.txt") functions" >&2
