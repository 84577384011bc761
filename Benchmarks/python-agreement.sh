#!/usr/bin/env bash
# Compares SOSecure's Python parser with CPython's `ast` over every .py file of the
# machine's standard library: accept/reject agreement and identical `ast.dump` output,
# plus single-threaded lexer+parser throughput. Builds in release mode first.
#
#   Benchmarks/python-agreement.sh
#
# Environment: SOSECURE_SCRATCH_PATH (default .build) picks the SwiftPM scratch directory.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SOSECURE_SCRATCH_PATH:-.build}"
command -v python3 >/dev/null || { echo "python3 is required (CPython is the reference)" >&2; exit 1; }
echo "python3: $(python3 --version 2>&1), stdlib $(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"

# -enable-testing: some test targets use @testable imports, which release builds refuse otherwise.
swift build -c release -Xswiftc -enable-testing --scratch-path "$scratch" --build-tests

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# Throughput first, alone, so the comparison's python3 processes do not share the CPU with it.
SOSECURE_PARSER_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path "$scratch" --skip-build \
    --filter ParserBenchmarkTests >"$log" 2>&1 || status=$?
SOSECURE_DIFFERENTIAL_ALL=1 swift test -c release -Xswiftc -enable-testing --scratch-path "$scratch" --skip-build \
    --filter CPythonDifferentialTests >>"$log" 2>&1 || status=$?

grep -E '^(accept/reject agreement|identical dumps|  disagree|  differs|dump differs|  CPython:|  ours:|ParserBenchmarkTests:)' "$log" || {
    echo "no results; test output follows" >&2
    cat "$log" >&2
}
exit "$status"
