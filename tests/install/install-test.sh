#!/usr/bin/env bash
# `cmake --install` test: the files land under a staging prefix, and the installed binary runs from
# that prefix alone, moved elsewhere and with an empty environment.
#   tests/install/install-test.sh [BUILD_DIR]     (default build/; kestra-cicd must be built)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
fail() { echo "install-test: FAIL: $*" >&2; exit 1; }
[ -f "$build/CMakeCache.txt" ] || fail "$build is not a CMake build directory"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake --install "$build" --prefix "$stage/prefix" >/dev/null
exe=bin/kestra-cicd
[ -x "$stage/prefix/$exe" ] || fail "no executable $exe under the prefix"
# The plugin catalog is embedded in the binary (src/flow/CorePluginsData.cpp): nothing else is installed.
[ ! -e "$stage/prefix/share" ] || fail "an installed share/ directory: $(find "$stage/prefix/share" | head -3)"

# Nothing may point back into the build or source tree, nor at the staging path itself.
mv "$stage/prefix" "$stage/moved"
if objdump -p "$stage/moved/$exe" | grep -E 'R(UN)?PATH' | grep -qF -e "$build" -e "$src"; then
  fail "installed binary keeps an rpath into the build tree: $(objdump -p "$stage/moved/$exe" | grep PATH)"
fi
version=$(sed -n 's/^project(kestra-cicd VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
out=$(cd "$stage" && env -i "$stage/moved/$exe" --version) || fail "installed binary: --version failed"
[[ $out == *"$version"* ]] || fail "--version printed '$out', expected version $version"

# Offline validation from the installed copy: valid flows pass, an invalid one exits 1.
rc=0
out=$(cd "$stage" && env -i "$stage/moved/$exe" flow validate --local "$src/tests/docker/flows/valid" 2>&1) || rc=$?
[ "$rc" -eq 0 ] || fail "installed binary: flow validate --local exited $rc: $out"
rc=0
(cd "$stage" && env -i "$stage/moved/$exe" flow validate --local "$src/tests/docker/flows/invalid" >/dev/null 2>&1) || rc=$?
[ "$rc" -eq 1 ] || fail "installed binary: an invalid flow exited $rc, expected 1"
# Commands that talk to a server load lib/kestra-cicd/libkcicd-net.so from the prefix (not the build tree):
# a closed port then gives a connection error, exit 3.
module=lib/kestra-cicd/libkcicd-net.so
[ -f "$stage/moved/$module" ] || fail "no network module $module under the prefix"
rc=0
out=$(cd "$stage" && env -i LD_DEBUG=files "$stage/moved/$exe" flow validate --server http://127.0.0.1:9 \
  "$src/tests/docker/flows/valid" 2>&1) || rc=$?
grep -q "file=$stage/moved/bin/../$module" <<<"$out" || grep -q "file=$stage/moved/$module" <<<"$out" \
  || fail "the installed binary did not load $module from the prefix: $(grep -m3 kcicd-net <<<"$out")"
[ "$rc" -eq 3 ] || fail "flow validate against a closed port exited $rc, expected 3: $(grep -v '^ *[0-9]*:' <<<"$out")"
echo "install-test: ok (kestra-cicd $version from a moved prefix; offline validation; network module loads)"
