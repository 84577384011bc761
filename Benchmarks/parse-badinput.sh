#!/usr/bin/env bash
# Time from start to a clean, located error for each pathological input of issue 2
# (release build, `sosecure ast --check`, process start-up included). Target: < 1 s each.
# Prints figures; never asserts them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

WORK=Benchmarks/.work/badinput
echo "== building release"
swift build -c release --scratch-path .build-release --product sosecure 2>&1 | tail -1
BIN=.build-release/release/sosecure

python3 Benchmarks/parse-badinput-gen.py "$WORK" > /dev/null
# Wall time is what a user waits; CPU time (user + sys) is steadier on a shared machine.
printf '%-20s %10s %8s %8s %5s  %s\n' input bytes wall-s cpu-s exit "first line of output"
for name in binary.py invalid_utf8.py long_line.py long_line_valid.py nested.py unterminated.py; do
    file="$WORK/$name"
    bytes=$(wc -c < "$file")
    set +e
    /usr/bin/time -f "%e %U %S" -o "$WORK/$name.time" "$BIN" ast --check "$file" > "$WORK/$name.out" 2>&1
    status=$?
    set -e
    # GNU time puts "Command exited with non-zero status" before the figures.
    read -r wall user system < <(tail -n 1 "$WORK/$name.time")
    cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
    first=$(head -n 1 "$WORK/$name.out" | sed "s|^$WORK/||" | cut -c1-100)
    printf '%-20s %10s %8s %8s %5s  %s\n' "$name" "$bytes" "$wall" "$cpu" "$status" "${first:-(no errors)}"
done
