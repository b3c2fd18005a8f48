#!/usr/bin/env bash
# README quick start, command 1: install what is needed, build, and run the main job on flows/:
# validate every flow offline, then the CI/CD pipeline (server validation, dry-run diff, deploy, and a
# second dry run showing nothing left to change) against the Kestra server in KESTRA_SERVER — or, when
# it is unset, against the project's local Kestra API fake (tests/fake-kestra), started for the purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh kestra-cicd
bin=build/kestra-cicd

"$bin" --version
echo "== flow validate --local flows/ plugin/flows/"
"$bin" flow validate --local flows plugin/flows

if [ -z "${KESTRA_SERVER:-}" ]; then
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  export KESTRA_USER=demo@kestra.io KESTRA_PASSWORD=demo-password
  node tests/fake-kestra/server.js --port "$port" --user "$KESTRA_USER:$KESTRA_PASSWORD" >build/fake-kestra.log 2>&1 &
  fake=$!
  trap 'kill $fake 2>/dev/null || true' EXIT
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  export KESTRA_SERVER="http://127.0.0.1:$port"
  echo "== KESTRA_SERVER is not set: using the local Kestra API fake at $KESTRA_SERVER"
fi

echo "== deploy --dry-run (server validation, then the diff per namespace)"
"$bin" deploy --flows-dir flows --read-only=add --dry-run
echo "== deploy"
"$bin" deploy --flows-dir flows --read-only=add
echo "== deploy --dry-run again: everything UNCHANGED"
"$bin" deploy --flows-dir flows --read-only=add --dry-run
