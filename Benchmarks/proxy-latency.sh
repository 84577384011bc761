#!/usr/bin/env bash
# Added latency of `sosecure proxy`: a tiny scripted OpenAI-compatible upstream (Python http.server,
# keep-alive) answers every chat completion with the same non-code answer; the client sends REQUESTS
# requests straight to it and REQUESTS through the proxy, alternating, one at a time over keep-alive
# connections on loopback, and prints p50/p99 of both and of the difference. Target: <= 5 ms added at
# p50. Also times an answer with a Python code block (annotate mode), which the proxy scans. Prints
# numbers; asserts nothing.
#
#   Benchmarks/proxy-latency.sh                              # builds sosecure in release mode first
#   SOSECURE_BIN=.build/release/sosecure Benchmarks/proxy-latency.sh
#   REQUESTS=500 SCRATCH_PATH=.build-proxy Benchmarks/proxy-latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-2000}
if [ -z "${SOSECURE_BIN:-}" ]; then
    swift build -c release --product sosecure ${SCRATCH_PATH:+--scratch-path "$SCRATCH_PATH"} >/dev/null
    SOSECURE_BIN=${SCRATCH_PATH:-.build}/release/sosecure
fi
WORK=$(mktemp -d)
UPSTREAM_PID=
PROXY_PID=
cleanup() {
    for pid in "$PROXY_PID" "$UPSTREAM_PID"; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
export SOSECURE_KB="$WORK/kb.sqlite"

cat >"$WORK/upstream.py" <<'PY'
import json, socket, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROSE = "Paris is the capital of France. It has been since the 10th century, with short interruptions."
CODE = "Load it like this:\n\n```python\nimport yaml\n\ndef load(path):\n    with open(path) as fh:\n        return yaml.load(fh)\n```\n"

def completion(content):
    return json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "created": 1700000000, "model": "bench",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30}}).encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def setup(self):
        super().setup()
        # Head and body go out in two writes; without this, Nagle and delayed ACKs add 40 ms to each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        answer = completion(CODE if b"with code" in body else PROSE)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY

cat >"$WORK/client.py" <<'PY'
import http.client, json, socket, sys, time

upstream_port, proxy_port, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def request(question):
    return json.dumps({"model": "bench", "messages": [{"role": "user", "content": question}]}).encode()

def timed(connection, body):
    started = time.perf_counter()
    connection.request("POST", "/v1/chat/completions", body=body,
                       headers={"Content-Type": "application/json", "Authorization": "Bearer sk-bench"})
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"status {response.status}: {data[:200]!r}")
    return elapsed, data

def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]

def ms(value):
    return f"{value * 1000:.3f} ms"

def connect(port):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection

direct = connect(upstream_port)
proxied = connect(proxy_port)
prose = request("capital of France?")
for _ in range(50):  # warm-up: connections, caches, the proxy's upstream pool
    timed(direct, prose)
    timed(proxied, prose)

direct_times, proxied_times, differences = [], [], []
identical = True
for _ in range(count):
    d, direct_body = timed(direct, prose)
    p, proxied_body = timed(proxied, prose)
    identical = identical and direct_body == proxied_body
    direct_times.append(d)
    proxied_times.append(p)
    differences.append(p - d)

print(f"== non-code answer, {count} requests each, sequential keep-alive")
print(f"direct   p50 {ms(percentile(direct_times, 0.5))}  p99 {ms(percentile(direct_times, 0.99))}")
print(f"proxied  p50 {ms(percentile(proxied_times, 0.5))}  p99 {ms(percentile(proxied_times, 0.99))}")
print(f"added    p50 {ms(percentile(proxied_times, 0.5) - percentile(direct_times, 0.5))}"
      f"  p99 {ms(percentile(proxied_times, 0.99) - percentile(direct_times, 0.99))}"
      f"  (paired differences: p50 {ms(percentile(differences, 0.5))}, p99 {ms(percentile(differences, 0.99))})")
print(f"proxied bodies byte-identical to direct ones: {identical}")

code = request("with code: a YAML loader")
code_times = []
for _ in range(max(1, count // 10)):
    elapsed, data = timed(proxied, code)
    code_times.append(elapsed)
noted = "yaml-load-without-safe-loader" in json.loads(data)["choices"][0]["message"]["content"]
print(f"== answer with a Python block (annotate: scan + knowledge search), {len(code_times)} requests")
print(f"proxied  p50 {ms(percentile(code_times, 0.5))}  p99 {ms(percentile(code_times, 0.99))}  (note added: {noted})")
PY

python3 "$WORK/upstream.py" >"$WORK/upstream.port" &
UPSTREAM_PID=$!
UPSTREAM_PORT=
for _ in $(seq 1 100); do
    UPSTREAM_PORT=$(head -1 "$WORK/upstream.port" 2>/dev/null || true)
    [ -n "$UPSTREAM_PORT" ] && break
    sleep 0.1
done
[ -n "$UPSTREAM_PORT" ] || { echo "upstream did not start"; exit 1; }

"$SOSECURE_BIN" proxy --upstream "http://127.0.0.1:$UPSTREAM_PORT/v1" --host 127.0.0.1 --port 0 --mode annotate 2>"$WORK/proxy.log" &
PROXY_PID=$!
PROXY_PORT=
for _ in $(seq 1 300); do
    PROXY_PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/proxy.log" | head -1)
    [ -n "$PROXY_PORT" ] && break
    kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/proxy.log"; exit 1; }
    sleep 0.1
done
[ -n "$PROXY_PORT" ] || { echo "proxy did not start"; cat "$WORK/proxy.log"; exit 1; }
echo "== upstream on port $UPSTREAM_PORT, sosecure proxy on port $PROXY_PORT ($(nproc) cores, shared by all three)"

python3 "$WORK/client.py" "$UPSTREAM_PORT" "$PROXY_PORT" "$REQUESTS"
