#!/usr/bin/env bash
# Single-threaded parse throughput of SOSecure's Python front end over the machine's Python
# standard library plus Django (from PyPI), beside CPython's own ast.parse over the same
# files. Prints MB/s, lines/s, peak RSS and ratios; never asserts them.
#
#   Benchmarks/parse-throughput.sh            # DJANGO_SPEC overrides the Django requirement
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh

WORK=Benchmarks/.work
PYTHON=${PYTHON:-python3}
DJANGO_SPEC=${DJANGO_SPEC:-"Django>=5.0,<5.2"}
mkdir -p "$WORK"

ensure_gnu_time

echo "== building release"
swift build -c release --scratch-path .build-release --product sosecure 2>&1 | tail -1
BIN=.build-release/release/sosecure

echo "== corpus"
if [ ! -x "$WORK/venv/bin/python" ]; then
    "$PYTHON" -m venv "$WORK/venv"
fi
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$DJANGO_SPEC"
"$WORK/venv/bin/python" Benchmarks/parse-collect-files.py --venv "$WORK/venv" --package django > "$WORK/parse-files.txt"
echo "python: $("$WORK/venv/bin/python" --version 2>&1), $("$WORK/venv/bin/python" -c 'import django; print("Django", django.__version__)')"
echo "files: $(wc -l < "$WORK/parse-files.txt")"

echo "== SOSecure (sosecure ast --benchmark: every file parsed in one process, one thread)"
/usr/bin/time -v "$BIN" ast --benchmark --files-from "$WORK/parse-files.txt" > "$WORK/parse-sosecure.txt" 2> "$WORK/parse-sosecure-time.txt"
cat "$WORK/parse-sosecure.txt"
ours_rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/parse-sosecure-time.txt")
echo "peak RSS: $((ours_rss / 1024)) MB"

echo "== CPython ast.parse (same files, one process)"
/usr/bin/time -v "$WORK/venv/bin/python" Benchmarks/parse-cpython.py "$WORK/parse-files.txt" > "$WORK/parse-cpython.txt" 2> "$WORK/parse-cpython-time.txt"
cat "$WORK/parse-cpython.txt"
python_rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/parse-cpython-time.txt")
echo "peak RSS: $((python_rss / 1024)) MB"

echo "== summary"
"$WORK/venv/bin/python" - "$WORK/parse-sosecure.txt" "$WORK/parse-cpython.txt" "$ours_rss" "$python_rss" <<'PY'
import sys

def figures(path):
    result = {}
    for line in open(path, encoding="utf-8"):
        key, _, value = line.partition(": ")
        result[key.strip()] = value.strip()
    return result

ours, cpython = figures(sys.argv[1]), figures(sys.argv[2])
ours_rss_kb, python_rss_kb = int(sys.argv[3]), int(sys.argv[4])
ours_mbs, python_mbs = float(ours["MB/s"]), float(cpython["MB/s"])
corpus_mb = int(ours["bytes"]) / 1_000_000
print(f"SOSecure: {ours_mbs:.1f} MB/s, {int(ours['lines/s']):,} lines/s over {corpus_mb:.1f} MB in {ours['files']} files (target >= 50 MB/s)")
print(f"CPython ast.parse: {python_mbs:.1f} MB/s, {int(cpython['lines/s']):,} lines/s")
print(f"speed ratio SOSecure / CPython: {ours_mbs / python_mbs:.2f}x" if python_mbs else "speed ratio: n/a")
print(f"peak RSS: SOSecure {ours_rss_kb / 1024:.0f} MB, CPython {python_rss_kb / 1024:.0f} MB")
print(f"SOSecure peak RSS / corpus held in memory: {ours_rss_kb * 1024 / int(ours['bytes']):.2f}x (target <= 3x)")
print(f"files with syntax errors: SOSecure {ours['files with syntax errors']}, CPython {cpython['files with syntax errors']}")
PY
