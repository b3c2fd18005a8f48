#!/usr/bin/env bash
# Builds the Dockerfile's images and runs kestra-cicd in them, without a Docker engine or a registry:
# buildah (vfs storage, chroot isolation) and a debian:bookworm-slim stand-in made with debootstrap.
# Needs root, buildah and debootstrap (scripts/install-deps.sh) and the Debian mirror.
#   scripts/docker-test.sh        run the whole test (tests/docker/dockerfile-test.sh first)
#   KCICD_DOCKER_COLD=1 ...       forget the cached base image and build layers first
#   KCICD_DOCKER_CONTEXT=DIR ...  build another tree (e.g. `git archive HEAD` unpacked) than this one
# Cache (base rootfs tarball, buildah storage): /var/cache/kestra-cicd (or $KCICD_DOCKER_CACHE).
# Every run leaves at most one set of images in that storage: the base image, the build-deps stage
# and the two test images with their cached layers; no working container, no mount.
set -euo pipefail
cd "$(dirname "$0")/.."
context=${KCICD_DOCKER_CONTEXT:-$PWD}

cache=${KCICD_DOCKER_CACHE:-/var/cache/kestra-cicd}
base=docker.io/library/debian:bookworm-slim
runtime_image=localhost/kestra-cicd:test
kestra_image=localhost/kestra-cicd:kestra-test
mirror=${KCICD_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf 'docker-test: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (buildah chroot builds and debootstrap need it)"
for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || die "'$tool' missing: run scripts/install-deps.sh"
done

renice -n 10 $$ >/dev/null  # a long build on a shared machine: everything below runs niced
mkdir -p "$cache"
# One run at a time per cache: the storage below is private to this script.
exec 9>"$cache/lock"
flock -w 1800 9 || die "another docker-test.sh holds $cache/lock"

# A private containers/storage (vfs works on any filesystem, as root, without fuse-overlayfs).
# buildah re-executes itself from a sealed memfd copy (containers/storage's reexec); under load the
# kernel can refuse the seal with EBUSY ("sealing memfd copy: Device or resource busy") before the
# command starts. That is buildah failing, not the image: retry it, and only it, twice.
bah() {
  local errf attempt rc
  errf=$(mktemp)
  for attempt in 1 2 3; do
    rc=0
    buildah --storage-driver vfs --root "$cache/storage" --runroot "/run/kestra-cicd-buildah" "$@" 2>"$errf" || rc=$?
    cat "$errf" >&2
    if [ "$rc" -eq 0 ] || ! grep -q "sealing memfd copy\|Error during reexec" "$errf"; then break; fi
    echo "docker-test: buildah could not re-execute itself (attempt $attempt); retrying: buildah $1" >&2
    sleep 2
  done
  rm -f "$errf"
  return "$rc"
}

containers=()
rootfs=""
cleanup() {
  local c
  for c in "${containers[@]}"; do bah rm "$c" >/dev/null 2>&1 || true; done
  if [ -n "$rootfs" ]; then
    umount -R "$rootfs/proc" "$rootfs/sys" "$rootfs/dev/pts" 2>/dev/null || true
    rm -rf --one-file-system "$rootfs"
  fi
  # Images untagged by this run (the previous run's) and leftovers of an interrupted build.
  bah rm --all >/dev/null 2>&1 || true
  bah rmi --prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

start=$SECONDS
lap() { say "$1 ($((SECONDS - start)) s)"; }

tests/docker/dockerfile-test.sh "$context/Dockerfile"
lap "Dockerfile structure ok"

if [ "${KCICD_DOCKER_COLD:-0}" = 1 ]; then
  bah rmi --all --force >/dev/null 2>&1 || true
  rm -f "$cache"/*-minbase.tar
fi

# --- Base images: debootstrap once per machine, then kept as a tarball and in the storage. --------
# make_base IMAGE SUITE MIRROR: a minbase rootfs of SUITE committed as IMAGE. Debian 12's debootstrap
# has no script for suites newer than it (noble): those use gutsy's, as newer debootstraps do.
make_base() {
  local image=$1 suite=$2 url=$3 tar=$cache/$2-minbase.tar ctr script=()
  [ -e "/usr/share/debootstrap/scripts/$suite" ] || script=(/usr/share/debootstrap/scripts/gutsy)
  bah inspect --type image "$image" >/dev/null 2>&1 && return 0
  if [ ! -s "$tar" ]; then
    say "debootstrap $suite (once per machine; cached in $tar)"
    rootfs=$(mktemp -d /var/tmp/kestra-cicd-rootfs.XXXXXX)
    debootstrap --variant=minbase "$suite" "$rootfs" "$url" "${script[@]}" >"$cache/debootstrap-$suite.log" 2>&1 \
      || { tail -5 "$cache/debootstrap-$suite.log" >&2; rm -rf --one-file-system "$rootfs"; rootfs=""; return 1; }
    if [ "$suite" = bookworm ]; then  # same apt sources as the official debian:bookworm-slim image
      rm -f "$rootfs/etc/apt/sources.list"
      cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $url
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar --numeric-owner -C "$rootfs" -cf "$tar.tmp" . || { rm -rf --one-file-system "$rootfs"; rootfs=""; return 1; }
    mv "$tar.tmp" "$tar" || return 1
    rm -rf --one-file-system "$rootfs"
    rootfs=""
  fi
  # Called as `make_base … || die`, so `set -e` is off in here: every step checks its own status.
  ctr=$(bah from scratch) || return 1
  containers+=("$ctr")
  bah add "$ctr" "$tar" / >/dev/null || return 1
  bah config --cmd bash --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr" || return 1
  bah commit --quiet --rm "$ctr" "$image" >/dev/null || return 1
  containers=()
  lap "base image $image committed"
}
make_base "$base" bookworm "$mirror" || die "debootstrap bookworm failed (log: $cache/debootstrap-bookworm.log)"
# kestra/kestra's base is Ubuntu 24.04 (2.0: eclipse-temurin:25-jre-noble, kestra-io/kestra
# Dockerfile.base): the kestra target is tested on a bare noble, glibc 2.39. Without the Ubuntu archive,
# on bare Debian (proves only self-containment).
kestra_base=localhost/ubuntu-noble-minbase:latest
if ! make_base "$kestra_base" noble "${KCICD_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}"; then
  say "WARNING: no Ubuntu 24.04 base (archive.ubuntu.com unreachable?): kestra target tested on Debian 12"
  kestra_base=$base
fi

# --- Build both targets; --layers shares the build stage between them and across runs. ---------
log=$cache/build.log
: >"$log"
bud() {
  bah bud --pull=never --isolation chroot --layers --force-rm "$@" "$context" >>"$log" 2>&1 \
    || { tail -40 "$log" >&2; return 1; }
}
# Tags on the toolchain and build stages keep their layers through the prune at exit: the next run
# only redoes what changed.
bud -t localhost/kestra-cicd:build-deps -f "$context/Dockerfile" --target build-deps \
  || die "buildah bud --target build-deps failed"
lap "build-deps stage ready"
bud -t localhost/kestra-cicd:build -f "$context/Dockerfile" --target build \
  || die "buildah bud --target build failed"
lap "build stage ready (compiled)"
bud -t "$runtime_image" -f "$context/Dockerfile" \
  || die "buildah bud of the default target failed"
lap "default target built"
bud -t "$kestra_image" -f "$context/Dockerfile" --target kestra --build-arg KESTRA_IMAGE="$kestra_base" \
  || die "buildah bud --target kestra failed"
lap "kestra target built (on bare $kestra_base)"

# --- Run them. ------------------------------------------------------------------------------------
# run IMAGE CMD...: runs CMD in a fresh container of IMAGE with tests/docker/flows in /flows.
run() {
  local image=$1 ctr
  shift
  ctr=$(bah from --pull=never --quiet "$image"); containers+=("$ctr")
  bah copy --quiet "$ctr" tests/docker/flows /flows >/dev/null
  local rc=0
  bah run --isolation chroot --workingdir /flows "$ctr" -- "$@" || rc=$?
  bah rm "$ctr" >/dev/null
  containers=("${containers[@]/$ctr}")
  return "$rc"
}

check_image() {
  local image=$1 exe=$2 module=$3 out
  out=$(run "$image" "$exe" --version) || die "$image: $exe --version failed"
  [[ $out == *[0-9].[0-9]* ]] || die "$image: --version printed '$out'"
  say "$image: $out"
  # Every shared library resolves (ldd ships with libc-bin in both bases).
  out=$(run "$image" ldd "$exe") || die "$image: ldd $exe failed"
  if grep -q "not found" <<<"$out"; then die "$image: missing libraries:"$'\n'"$out"; fi
  # The network module (Poco, OpenSSL) is loaded only by commands that talk to a server: it must be
  # there, resolve, and give a connection error (exit 3) rather than a load error.
  out=$(run "$image" ldd "$module") || die "$image: ldd $module failed"
  if grep -q "not found" <<<"$out"; then die "$image: the network module misses libraries:"$'\n'"$out"; fi
  local rc=0
  out=$(run "$image" "$exe" flow validate --server http://127.0.0.1:9 /flows/valid 2>&1) || rc=$?
  if [ "$rc" -ne 3 ] || grep -qi "module" <<<"$out" || ! grep -q "127.0.0.1:9" <<<"$out"; then
    die "$image: flow validate against a closed port gave exit $rc (expected 3, a connection error):"$'\n'"$out"
  fi
  say "$image: network module loads (closed port: exit 3)"
  rc=0
  out=$(run "$image" "$exe" flow validate --local /flows/valid 2>&1) || rc=$?
  [ "$rc" -eq 0 ] || die "$image: flow validate --local /flows/valid exited $rc:"$'\n'"$out"
  bad=0
  run "$image" "$exe" flow validate --local /flows/invalid >/dev/null 2>&1 || bad=$?
  [ "$bad" -eq 1 ] || die "$image: an invalid flow gave exit $bad, expected 1"
  say "$image: flow validate --local: valid flows pass, an invalid one exits 1"
}
run "$runtime_image" kestra-cicd --version >/dev/null || die "$runtime_image: kestra-cicd is not on PATH"
check_image "$runtime_image" /usr/local/bin/kestra-cicd /usr/local/lib/kestra-cicd/libkcicd-net.so
# The GitHub Action's entry point (action.yml) as validate-action's inputs run it, with the image's own
# /bin/sh, awk and od: valid flows pass, an invalid one exits 1 with an annotation on its file.
out=$(run "$runtime_image" env INPUT_DIRECTORY=valid /usr/local/share/kestra-cicd/action.sh 2>&1) \
  || die "$runtime_image: action.sh on valid flows failed:"$'\n'"$out"
rc=0
out=$(run "$runtime_image" env INPUT_DIRECTORY=invalid /usr/local/share/kestra-cicd/action.sh 2>&1) || rc=$?
if [ "$rc" -ne 1 ] || ! grep -q '^::error file=invalid/no-tasks.yml,line=' <<<"$out"; then
  die "$runtime_image: action.sh on an invalid flow gave exit $rc (expected 1 and an annotation):"$'\n'"$out"
fi
say "$runtime_image: action.sh validates as validate-action does (annotation on the invalid flow)"
check_image "$kestra_image" /app/kestra-cicd /app/kestra-cicd.d/lib/libkcicd-net.so
# The bundle loads its own copies of every library but glibc and the GCC runtime, binds every symbol
# against the base's glibc and libstdc++ and prints nothing on stderr.
out=$(run "$kestra_image" ldd /app/kestra-cicd /app/kestra-cicd.d/lib/libkcicd-net.so)
if awk '$2 == "=>" && $3 ~ /^\// { print $3 }' <<<"$out" \
    | grep -Ev '^/app/kestra-cicd\.d/lib/|/(libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s)\.so'; then
  die "the kestra bundle loads the libraries above from its base image"
fi
err=$(run "$kestra_image" env LD_BIND_NOW=1 /app/kestra-cicd --version 2>&1 >/dev/null) \
  || die "kestra target: a symbol does not bind: $err"
[ -z "$err" ] || die "kestra target: --version wrote to stderr: $err"
say "$kestra_image: $(run "$kestra_image" ldd --version | sed -n 1p)"

say "runtime image: $(bah images --format '{{.Size}}' "$runtime_image" | sed -n 1p)"
lap "PASS"
