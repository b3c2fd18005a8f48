#!/usr/bin/env bash
# Installs everything kestra-cicd needs to build, run and test on Debian 12 (bookworm), as root.
# Idempotent: safe to run again. Used by the README, .ci/run and the Dockerfile.
#   scripts/install-deps.sh            build + runtime + test dependencies
#   scripts/install-deps.sh --build    build dependencies only (the Dockerfile's build stage)
#   scripts/install-deps.sh --runtime  shared libraries the binary needs at run time (the runtime image)
set -euo pipefail

mode=all
case "${1:-}" in
  "") ;;
  --build) mode=build ;;
  --runtime) mode=runtime ;;
  *) echo "usage: $0 [--build|--runtime]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (it calls apt-get)" >&2
  exit 1
fi
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != "bookworm" ]; then
  echo "install-deps.sh: expected Debian 12 (bookworm), found '${PRETTY_NAME:-unknown}'" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# libgit2 >= 1.7 (shallow clone) and Catch2 v3 come from bookworm-backports.
src=/etc/apt/sources.list.d/bookworm-backports.sources
if [ ! -f "$src" ]; then
  cat > "$src" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

apt_install() { apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

# One `apt-get update` per run, skipped when the lists are fresh and already know backports.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*bookworm-backports*Packages*' -mmin -360 2>/dev/null)" ]; then
  apt-get update -qq
fi

build_pkgs=(build-essential cmake pkg-config ca-certificates git
            libyaml-cpp-dev libpoco-dev nlohmann-json3-dev libcli11-dev libssl-dev libpcre2-dev)
backport_pkgs=(libgit2-dev catch2)
test_pkgs=(lighttpd lighttpd-mod-openssl apache2-utils openssh-server openssh-client openssl json-schema-test-suite
           clang libclang-rt-14-dev procps hyperfine curl buildah debootstrap
           rsync)  # rsync: gitlab-ci-local (tests/gitlab-ci) copies the repository with it

if [ "$mode" = runtime ]; then
  # What `objdump -p` of kestra-cicd and of its network module lists as NEEDED beyond glibc and libstdc++
  # (both in every Debian image); scripts/docker-test.sh checks the image resolves every one of them.
  apt_install ca-certificates libyaml-cpp0.7 libpocofoundation80 libpoconet80 libpoconetssl80 \
              libpococrypto80 libpocoutil80 libpocojson80 libssl3 libpcre2-8-0
  apt_install -t bookworm-backports libgit2-1.8
  if [ "${KCICD_CLEAN_APT_LISTS:-0}" = 1 ]; then  # set by the Dockerfile: keep the image small
    apt-get clean
    rm -rf /var/lib/apt/lists/*
  fi
  echo "install-deps.sh: runtime libraries installed"
  exit 0
fi

apt_install "${build_pkgs[@]}"
apt_install -t bookworm-backports "${backport_pkgs[@]}"

if [ "$mode" = all ]; then
  apt_install "${test_pkgs[@]}"
  # Node.js + npm run the Kestra API fake and Prism (pinned in tests/fake-kestra/package-lock.json).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  # npm packages of the test suite (Prism, gitlab-ci-local), pinned by their lockfiles.
  for dir in "$(dirname "$0")"/../tests/*/; do
    if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" -o "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
  # lighttpd and sshd are started by the tests on free ports, never as system services.
  if command -v systemctl >/dev/null && systemctl is-enabled lighttpd >/dev/null 2>&1; then
    systemctl disable --now lighttpd >/dev/null 2>&1 || true
  fi
fi

ver=$(dpkg-query -W -f='${Version}' libgit2-dev)
if ! dpkg --compare-versions "$ver" ge 1.7; then
  echo "install-deps.sh: libgit2-dev $ver is older than 1.7 (bookworm-backports not used?)" >&2
  exit 1
fi
echo "install-deps.sh: dependencies installed (libgit2 $ver, catch2 $(dpkg-query -W -f='${Version}' catch2))"
