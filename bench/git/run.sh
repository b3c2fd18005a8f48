#!/usr/bin/env bash
# Benchmark: `kestra-cicd git clone` vs `git clone` against the same local smart-HTTP server
# (lighttpd + git http-backend on 127.0.0.1), depth 1 and full history, on a generated repository
# with >= 50 MB of (incompressible) history. Reports the median wall time of RUNS runs, the ratio to
# git, and the peak RSS (/usr/bin/time -v). Targets: <= 1.2x git's time, <= 1.3x git's peak RSS
# (kestra-cicd maps the shared libstdc++, git does not).
#
# usage: bench/git/run.sh [build-dir]   (default: build; RUNS=5, COMMITS=60, BLOB_KB=1024)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
bin=$(cd "$build" && pwd)/kestra-cicd
runs=${RUNS:-5}
commits=${COMMITS:-60}
blob_kb=${BLOB_KB:-1024}
[ -x "$bin" ] || { echo "no kestra-cicd binary in $build (build it first)" >&2; exit 2; }
for tool in lighttpd git /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The repository: each commit rewrites a random blob (history grows, the tip stays small) and
# touches a few text files.
echo "generating $commits commits of ${blob_kb} KiB random data..." >&2
git -c init.defaultBranch=main init -q "$tmp/work"
for i in $(seq 1 "$commits"); do
  head -c "$((blob_kb * 1024))" /dev/urandom > "$tmp/work/data.bin"
  mkdir -p "$tmp/work/flows"
  printf 'id: flow_%s\nnamespace: bench\ntasks: []\n' "$i" > "$tmp/work/flows/flow_$((i % 20)).yml"
  git -C "$tmp/work" add -A
  git -C "$tmp/work" -c user.name=bench -c user.email=bench@kestra.invalid commit -q -m "commit $i"
done
mkdir -p "$tmp/repos"
git clone -q --bare "$tmp/work" "$tmp/repos/repo.git"
history_mb=$(du -sm "$tmp/repos/repo.git" | cut -f1)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$tmp/lighttpd.conf" <<CONF
server.modules = ("mod_alias", "mod_setenv", "mod_cgi")
server.document-root = "$tmp/repos"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/lighttpd-error.log"
alias.url = ("/git" => "/usr/lib/git-core/git-http-backend")
\$HTTP["url"] =~ "^/git" {
  cgi.assign = ("" => "")
  setenv.add-environment = ("GIT_PROJECT_ROOT" => "$tmp/repos", "GIT_HTTP_EXPORT_ALL" => "")
}
CONF
lighttpd -D -f "$tmp/lighttpd.conf" &
server_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/git/repo.git"
cd "$tmp"  # kestra-cicd clones inside its working directory

# measure <label> <command...>: prints "seconds max_rss_kb" of one run
measure() {
  shift  # the label
  local out="$tmp/time.txt"
  rm -rf "$tmp/clone"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$tmp/stderr.txt" || { cat "$tmp/stderr.txt" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  python3 -c "import sys; p=sys.argv[1].split(':'); s=sum(float(x)*60**i for i,x in enumerate(reversed(p))); print(f'{s:.3f} $rss')" "$wall"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "repository: $history_mb MB bare, $commits commits; $runs runs each; median wall time, max peak RSS"
printf '%-8s %-12s %10s %12s\n' depth tool seconds peak_rss_MB
for depth in 1 0; do
  gitdepth=(); [ "$depth" -gt 0 ] && gitdepth=(--depth "$depth")
  for tool in git kestra-cicd; do
    : > "$tmp/$tool.times"; : > "$tmp/$tool.rss"
    for _ in $(seq "$runs"); do
      if [ "$tool" = git ]; then
        r=$(measure git git clone -q "${gitdepth[@]}" "$url" "$tmp/clone")
      else
        r=$(measure kcicd "$bin" --frames never git clone "$url" --directory clone --depth "$depth")
      fi
      echo "${r% *}" >> "$tmp/$tool.times"; echo "${r#* }" >> "$tmp/$tool.rss"
    done
    t=$(median < "$tmp/$tool.times"); m=$(sort -n "$tmp/$tool.rss" | tail -1)
    eval "t_${tool//-/_}=$t; m_${tool//-/_}=$m"
    printf '%-8s %-12s %10s %12.1f\n' "$depth" "$tool" "$t" "$(echo "$m / 1024" | bc -l)"
  done
  python3 -c "import sys; t=float(sys.argv[1])/float(sys.argv[2]); m=float(sys.argv[3])/float(sys.argv[4]); print(f'depth {sys.argv[5]}: time ratio {t:.2f}x (target <= 1.20), peak RSS ratio {m:.2f}x (target <= 1.30)')" \
    "$t_kestra_cicd" "$t_git" "$m_kestra_cicd" "$m_git" "$depth"
done
