#!/usr/bin/env bash
# Release-mode throughput of the C-family lexer plus token trees (SOSecureCFamily) over large sources
# found on this machine, one language at a time in one process per language: MB/s on one core and
# peak RSS. Then the bad inputs (5 MB minified JS, 10,000 open braces, an unterminated template or
# comment before 5 MB of code) with their timings. Prints numbers; asserts nothing.
#
#   Benchmarks/cfamily-lex.sh
#
# Corpus (whatever exists): JavaScript = npm's own sources (/usr/lib/node_modules), TypeScript =
# .d.ts files on the machine, C = /usr/include without C++, C++ = /usr/include/c++, Java = java.base
# from a JDK src.zip (first 25 MB), Go and PHP = any .go/.php files outside /proc and /work, Swift =
# this repository's Sources. The driver is built in a scratch package under Benchmarks/.work that
# links only SOSecureCore and SOSecureCFamily, so no other target is compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh
ROOT=$(pwd)
WORK=Benchmarks/.work/cfamily-lex
PKG="$WORK/pkg"
mkdir -p "$PKG/Sources/cfamily-lex-bench" "$WORK/lists"

ensure_gnu_time

echo "== building release driver"
ln -sfn "$ROOT/Sources/SOSecureCore" "$PKG/Sources/SOSecureCore"
ln -sfn "$ROOT/Sources/SOSecureCFamily" "$PKG/Sources/SOSecureCFamily"
ln -sfn "$ROOT/Benchmarks/cfamily-lex-driver.swift" "$PKG/Sources/cfamily-lex-bench/main.swift"
cat > "$PKG/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CFamilyLexBench",
    targets: [
        .target(name: "SOSecureCore"),
        .target(name: "SOSecureCFamily", dependencies: ["SOSecureCore"]),
        .executableTarget(name: "cfamily-lex-bench", dependencies: ["SOSecureCFamily", "SOSecureCore"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
swift build -c release --package-path "$PKG" 2>&1 | tail -1
BIN="$PKG/.build/release/cfamily-lex-bench"

echo "== corpus"
find /usr/lib/node_modules -name '*.js' -type f 2>/dev/null | sort > "$WORK/lists/javascript.txt" || true
find / -name '*.d.ts' -type f -not -path '/proc/*' -not -path '/work/*' -not -path '/tmp/*' 2>/dev/null | sort > "$WORK/lists/typescript.txt" || true
find /usr/include -path /usr/include/c++ -prune -o -name '*.h' -type f -print 2>/dev/null | sort > "$WORK/lists/c.txt" || true
find /usr/include/c++ -type f 2>/dev/null | sort > "$WORK/lists/cpp.txt" || true
find / \( -path /proc -o -path /work -o -path /tmp \) -prune -o -name '*.go' -type f -print 2>/dev/null | sort > "$WORK/lists/go.txt" || true
find / \( -path /proc -o -path /work -o -path /tmp \) -prune -o -name '*.php' -type f -print 2>/dev/null | sort > "$WORK/lists/php.txt" || true
find "$ROOT/Sources" -name '*.swift' -type f | sort > "$WORK/lists/swift.txt"
SRC_ZIP=""
for candidate in /usr/lib/jvm/*/lib/src.zip; do
    if [ -f "$candidate" ]; then SRC_ZIP=$candidate; break; fi   # -f follows links; skips dangling ones
done
: > "$WORK/lists/java.txt"
if [ -n "$SRC_ZIP" ]; then
    python3 - "$SRC_ZIP" "$WORK/java" "$WORK/lists/java.txt" <<'PY'
import os, sys, zipfile
archive, target, listing = sys.argv[1:4]
budget = 25_000_000
paths = []
with zipfile.ZipFile(archive) as z:
    for info in sorted(z.infolist(), key=lambda i: i.filename):
        if not (info.filename.startswith("java.base/") and info.filename.endswith(".java")):
            continue
        if budget <= 0:
            break
        path = os.path.join(target, info.filename)
        if not os.path.exists(path):
            z.extract(info, target)
        paths.append(os.path.abspath(path))
        budget -= info.file_size
open(listing, "w").write("\n".join(paths) + "\n")
PY
fi

echo "== lex + token trees, one process per language, one thread"
printf "%-11s %7s %8s %14s %10s %9s %11s  %s\n" dialect files MB "MB/s per core" "MB/s wall" "peak RSS" tokens "files with diagnostics"
for dialect in javascript typescript c cpp java go php swift; do
    list="$WORK/lists/$dialect.txt"
    if [ ! -s "$list" ]; then
        printf "%-11s no files found\n" "$dialect"
        continue
    fi
    /usr/bin/time -v "$BIN" corpus "$dialect" "$list" > "$WORK/$dialect.out" 2> "$WORK/$dialect.time"
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$dialect.time")
    awk -F': ' -v rss="$rss" -v d="$dialect" '
        { v[$1] = $2 }
        END { printf "%-11s %7d %8.1f %14s %10s %6d MB %11d  %s\n", d, v["files"], v["bytes"] / 1e6, v["MB/s per core"], v["MB/s"], rss / 1024, v["tokens"], v["files with diagnostics"] }
    ' "$WORK/$dialect.out"
done

echo "(MB/s per core = bytes / thread CPU time, steady under load; wall = bytes / elapsed time; load now: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "(list a language's diagnostics: $BIN corpus <dialect> $WORK/lists/<dialect>.txt --show-diagnostics)"

echo "== bad input (release; target: each within 2 s)"
/usr/bin/time -v "$BIN" badinput 2> "$WORK/badinput.time"
echo "peak RSS: $(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/badinput.time") / 1024 )) MB"
