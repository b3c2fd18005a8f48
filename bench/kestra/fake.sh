# Sourced by the bench/kestra scripts: starts the fake Kestra (tests/fake-kestra/server.js) as "$version" with
# basic auth "$user" on a free port, sets $url, $work (a temporary folder) and removes both on exit.
work="$(mktemp -d)"
fake_pid=""
cleanup() { [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
node "$root/tests/fake-kestra/server.js" --port "$port" --user "$user" --kestra "$version" >"$work/fake.log" 2>&1 &
fake_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s -o /dev/null "$url/ping" && break; sleep 0.1; done
