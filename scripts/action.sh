#!/bin/sh
# Entry point of the GitHub Action (action.yml) and of the GitLab CI component
# (templates/kestra-cicd/template.yml): reads the inputs of kestra-io/validate-action and
# kestra-io/deploy-action from INPUT_<NAME> variables, as GitHub sets them, and runs the kestra-cicd
# command that replaces the JVM CLI command Kestra 2.0 removed:
#   no `namespace`                 → flow validate <directory>            (validate-action)
#   resource=flow                  → flow namespace update <ns> <dir>     (deploy-action)
#   resource=flow, read_only≠off   → deploy --map <dir>=<ns> --read-only  (the update with the label)
#   resource=namespace_files       → namespace files update <ns> <dir> <to>
# Credentials travel in KESTRA_USER / KESTRA_PASSWORD / KESTRA_API_TOKEN, never on the command line
# (argv is visible in `ps`). Results go to $GITHUB_OUTPUT when it is set; problems with a file become
# ::error file=…,line=…:: annotations (flow validate --format github).
# KESTRA_CICD_BIN names the binary (default: kestra-cicd on PATH).
set -u

bin=${KESTRA_CICD_BIN:-kestra-cicd}

# Workflow-command data escaping (GitHub's toolkit: % CR LF), so that an input's value can never start
# a workflow command of its own.
escape() {
  printf '%s' "$1" | awk 'BEGIN { ORS = "" } { gsub(/%/, "%25"); gsub(/\r/, "%0D"); if (NR > 1) print "%0A"; print }'
}

fail() {
  printf '::error::%s\n' "$(escape "$1")"
  exit "${2:-2}"
}

input() {  # input NAME DEFAULT: the value of INPUT_NAME, or DEFAULT when unset or empty
  eval "v=\${INPUT_$1:-}"
  if [ -z "$v" ]; then v=$2; fi
  printf '%s' "$v"
}

boolean() {  # boolean VARIABLE NAME DEFAULT: sets VARIABLE to true or false, else stops naming the input
  b=$(input "$2" "$3")
  case "$b" in
    true | True | TRUE) b=true ;;
    false | False | FALSE) b=false ;;
    *) fail "input '$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')' must be true or false, got '$b'" ;;
  esac
  eval "$1=\$b"
}

single_line() {  # single_line NAME VALUE: names, URLs and versions never hold a line break
  case "$2" in
    *"
"* | *"$(printf '\r')"*) fail "input '$1' must be one line" ;;
  esac
}

output() {  # output NAME VALUE: appended to $GITHUB_OUTPUT with a delimiter the value does not contain
  [ -n "${GITHUB_OUTPUT:-}" ] || return 0
  delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  case "$2" in *"$delimiter"*) fail "output '$1' holds its own delimiter" 1 ;; esac
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
}

namespace=$(input NAMESPACE "")
directory=$(input DIRECTORY "./")
resource=$(input RESOURCE flow)
to=$(input TO /)
server=$(input SERVER "")
tenant=$(input TENANT "")
delete=false local_first=false dry_run=false
boolean delete DELETE false
boolean local_first LOCAL false
boolean dry_run DRY_RUN false
read_only=$(input READ_ONLY off)
kestra_version=$(input KESTRA_VERSION "")

single_line namespace "$namespace"
single_line resource "$resource"
single_line to "$to"
single_line server "$server"
single_line tenant "$tenant"
single_line read_only "$read_only"
single_line kestra_version "$kestra_version"
case "$resource" in
  flow | namespace_files) ;;
  template) fail "input 'resource': templates were removed from Kestra; use resource: flow" ;;
  *) fail "input 'resource' must be flow or namespace_files, got '$resource'" ;;
esac
case "$read_only" in
  off | require | add) ;;
  *) fail "input 'read_only' must be off, require or add, got '$read_only'" ;;
esac
# A directory is never read as an option (`-x`), and annotations name files as GitHub does, without "./".
case "$directory" in -*) directory="./$directory" ;; esac
while :; do
  case "$directory" in ./?*) directory=${directory#./} ;; *) break ;; esac
done
if [ ! -d "$directory" ]; then
  fail "input 'directory': '$directory' is not a directory of the workspace ($(pwd))"
fi
if [ -n "$namespace" ] && [ -z "$server" ]; then
  fail "input 'server' is required to deploy namespace '$namespace' (the URL of your Kestra server)"
fi

# Secrets to the binary's environment only; the INPUT_ copies are dropped so no child sees them twice.
if [ -n "${INPUT_USER:-}" ]; then export KESTRA_USER="$INPUT_USER"; fi
if [ -n "${INPUT_PASSWORD:-}" ]; then export KESTRA_PASSWORD="$INPUT_PASSWORD"; fi
if [ -n "${INPUT_APITOKEN:-}" ]; then export KESTRA_API_TOKEN="$INPUT_APITOKEN"; fi
unset INPUT_USER INPUT_PASSWORD INPUT_APITOKEN
if [ -n "$tenant" ]; then export KESTRA_TENANT="$tenant"; fi
if [ -n "$server" ]; then export KESTRA_SERVER="$server"; fi
# Frames are Kestra's protocol, not a CI log's.
export KESTRA_CICD_FRAMES=never

result=$(mktemp) || exit 1
trap 'rm -f "$result"' EXIT

# Offline validation (always without a server, and first with `local: true`): annotations with line:column.
validate_locally() {
  set -- flow validate --local --format github
  if [ -n "$kestra_version" ]; then set -- "$@" --kestra-version "$kestra_version"; fi
  "$bin" "$@" "$directory"
}

# Validation by the server (validate-action with `server`, and deploy-action before anything is written).
validate_on_server() {
  "$bin" flow validate --format github "$directory"
}

finish() {  # finish EXIT_CODE: the outputs every mode writes, then exit
  if [ "$1" -eq 0 ]; then output success true; else output success false; fi
  output exit_code "$1"
  exit "$1"
}

if [ -z "$namespace" ]; then
  # validate-action: locally without a server, on the server with one.
  if [ "$resource" != flow ]; then fail "input 'namespace' is required with resource: $resource"; fi
  rc=0
  if [ -z "$server" ] || [ "$local_first" = true ]; then validate_locally || rc=$?; fi
  if [ "$rc" -eq 0 ] && [ -n "$server" ]; then validate_on_server || rc=$?; fi
  if [ "$rc" -eq 0 ]; then output valid true; else output valid false; fi
  finish "$rc"
fi

if [ "$resource" = namespace_files ]; then
  set -- namespace files update
  if [ "$delete" = true ]; then set -- "$@" --delete; fi
  if [ "$dry_run" = true ]; then set -- "$@" --dry-run; fi
  rc=0
  "$bin" "$@" --format json -- "$namespace" "$directory" "$to" >"$result" || rc=$?
  cat "$result"
  output result "$(cat "$result")"
  finish "$rc"
fi

# resource=flow: validate (annotations on the files), then update the namespace all-or-nothing.
rc=0
if [ "$local_first" = true ]; then validate_locally || rc=$?; fi
if [ "$rc" -eq 0 ]; then validate_on_server || rc=$?; fi
if [ "$rc" -ne 0 ]; then
  output valid false
  finish "$rc"
fi
output valid true

if [ "$read_only" = off ]; then
  set -- flow namespace update
else
  # Only `deploy` writes the system.readOnly label; --map deploys exactly this folder as this namespace.
  set -- deploy --map "$directory=$namespace" --read-only "$read_only" --no-server-validate
  if [ -n "$kestra_version" ]; then set -- "$@" --kestra-version "$kestra_version"; fi
fi
if [ "$delete" = true ]; then set -- "$@" --delete; else set -- "$@" --no-delete; fi
if [ "$dry_run" = true ]; then set -- "$@" --dry-run; fi
set -- "$@" --format json
if [ "$read_only" = off ]; then set -- "$@" -- "$namespace" "$directory"; fi
"$bin" "$@" >"$result" || rc=$?
cat "$result"
output result "$(cat "$result")"
finish "$rc"
