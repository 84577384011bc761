#!/usr/bin/env bash
# Load benchmark for `sosecure serve`: 10,000 POST /v1/scan requests of a 100-line Python snippet at
# concurrency 32 over loopback keep-alive connections (Benchmarks/serve-load-client.py), then prints
# throughput, p50/p99 latency and errors, and the server's own latency histogram from /metrics.
# Targets: zero errors, p99 <= 50 ms. Prints numbers; asserts nothing.
#
#   Benchmarks/serve-load.sh                                  # builds sosecure in release mode first
#   SOSECURE_BIN=.build/release/sosecure Benchmarks/serve-load.sh
#   REQUESTS=2000 CONCURRENCY=8 Benchmarks/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-10000}
CONCURRENCY=${CONCURRENCY:-32}
if [ -z "${SOSECURE_BIN:-}" ]; then
    swift build -c release --product sosecure ${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"} >/dev/null
    SOSECURE_BIN=${SCRATCH_PATH:-.build}/release/sosecure
fi
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export SOSECURE_KB="$WORK/kb.sqlite"
unset SOSECURE_LLM_MODEL SOSECURE_LLM_BASE_URL SOSECURE_SERVER_TOKEN

# A 100-line module in the style generated code has: helpers, a Flask view, subprocess and YAML use.
python3 - "$WORK/snippet.py" <<'PY'
import sys
lines = [
    "import os", "import subprocess", "import yaml", "from flask import Flask, request", "",
    "app = Flask(__name__)", "",
    "@app.route('/run')", "def run():", "    cmd = request.args.get('cmd')",
    "    return subprocess.check_output(cmd, shell=True)", "",
    "def load_config(path):", "    with open(path) as fh:", "        return yaml.load(fh)", "",
]
n = 0
while len(lines) < 100:
    lines += [f"def helper_{n}(items, factor={n}):", f"    total = 0", "    for item in items:",
              "        if item % 2 == 0:", "            total += item * factor", "        else:",
              "            total -= item", "    return total", ""]
    n += 1
open(sys.argv[1], "w").write("\n".join(lines[:100]) + "\n")
PY

"$SOSECURE_BIN" serve --host 127.0.0.1 --port 0 --no-llm 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 300); do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "server did not start"; cat "$WORK/server.log"; exit 1; }
echo "== sosecure serve on port $PORT ($(nproc) cores; client and server share them)"

python3 Benchmarks/serve-load-client.py --port "$PORT" --requests "$REQUESTS" --concurrency "$CONCURRENCY" --file "$WORK/snippet.py"

echo "== server-side latency of /v1/scan (from /metrics)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E 'sosecure_http_request(s_total|_duration_seconds_(bucket|count|sum))\{route="/v1/scan"' \
    | grep -E 'status=|le="(0.005|0.01|0.025|0.05|0.1|\+Inf)"|_sum|_count' || true

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=
echo "== graceful stop: $(tail -1 "$WORK/server.log")"
