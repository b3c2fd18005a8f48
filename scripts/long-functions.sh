#!/usr/bin/env bash
# Lists the functions longer than a limit (default 60 lines, signature to closing brace) in the given
# source folders (default src/flow src/kestra/net), longest first: "<lines> <file>:<line> <name>".
# Lambdas count towards the function that holds them; a static table built by a lambda is listed under
# its variable's name. Needs Universal Ctags (apt-get install universal-ctags).
#
# usage: scripts/long-functions.sh [-n LIMIT] [dir...]
set -euo pipefail
cd "$(dirname "$0")/.."
limit=60
if [ "${1:-}" = "-n" ]; then limit=$2; shift 2; fi
[ $# -gt 0 ] || set -- src/flow src/kestra/net
command -v ctags >/dev/null || { echo "missing ctags (apt-get install universal-ctags)" >&2; exit 2; }
find "$@" -name '*.cpp' -o -name '*.h' | sort \
  | ctags --languages=C++ --kinds-C++=f --fields=+ne --extras=+q -L - -x --_xformat='%{line} %{end} %F %N' \
  | awk -v limit="$limit" '$2 != "" { n = $2 - $1 + 1; key = $3 ":" $1; if (n > limit && !(key in seen)) { seen[key] = 1; print n, key, $4 } }' \
  | sort -rn
