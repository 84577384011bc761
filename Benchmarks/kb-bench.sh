#!/usr/bin/env bash
# Knowledge-base benchmark: ingest throughput and peak memory on a synthetic Stack Exchange dump,
# then search latency for code queries of 20-80 lines, and the database size.
# Prints figures; asserts nothing. Targets (issue 4): >= 40 MB/s, RSS <= 300 MB, p50 <= 10 ms, p99 <= 50 ms.
#
#   Benchmarks/kb-bench.sh                 # 1,000,000 posts, 2,000,000 comments, 200 queries
#   KB_BENCH_POSTS=50000 Benchmarks/kb-bench.sh   # a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

POSTS="${KB_BENCH_POSTS:-1000000}"
QUERIES="${KB_BENCH_QUERIES:-200}"
WORK="Benchmarks/.work/kb-$POSTS"
SCRATCH="${KB_BENCH_SCRATCH:-.build-kb}"
DB="$WORK/kb-bench.sqlite"

[ -x /usr/bin/time ] || { echo "kb-bench: /usr/bin/time (GNU time) is required: apt-get install time"; exit 1; }

echo "== building sosecure (release)"
swift build -c release --scratch-path "$SCRATCH" --product sosecure >/dev/null
BIN="$SCRATCH/release/sosecure"

if [ ! -s "$WORK/Comments.xml" ] || [ ! -d "$WORK/queries" ]; then
    echo "== generating a synthetic dump: $POSTS posts, $((POSTS * 2)) comments, $QUERIES queries"
    python3 Benchmarks/kb-gen-dump.py "$WORK" "$POSTS" "$QUERIES"
fi
POSTS_BYTES=$(stat -c %s "$WORK/Posts.xml")
COMMENTS_BYTES=$(stat -c %s "$WORK/Comments.xml")
TOTAL_BYTES=$((POSTS_BYTES + COMMENTS_BYTES))

rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== ingest ($((TOTAL_BYTES / 1000000)) MB)"
/usr/bin/time -v "$BIN" kb ingest --posts "$WORK/Posts.xml" --comments "$WORK/Comments.xml" --db "$DB" \
    >"$WORK/ingest.out" 2>"$WORK/ingest.time"
cat "$WORK/ingest.out"
SECONDS_TAKEN=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/ingest.time")
RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/ingest.time")

echo "== search latency ($QUERIES queries of 20-80 lines, k=5, warm cache)"
"$BIN" kb search --db "$DB" --timing-corpus "$WORK/queries" >/dev/null
LATENCY=$("$BIN" kb search --db "$DB" --timing-corpus "$WORK/queries")

DB_BYTES=$(( $(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) ))
echo
echo "== figures"
awk -v b="$TOTAL_BYTES" -v s="$SECONDS_TAKEN" 'BEGIN { printf "ingest: %.1f MB in %.1f s = %.1f MB/s (target >= 40)\n", b / 1e6, s, b / 1e6 / s }'
awk -v r="$RSS_KB" 'BEGIN { printf "ingest peak RSS: %.0f MB (target <= 300)\n", r / 1024 }'
echo "search: $LATENCY (targets p50 <= 10 ms, p99 <= 50 ms)"
awk -v d="$DB_BYTES" 'BEGIN { printf "database size: %.0f MB\n", d / 1e6 }'
