#!/usr/bin/env bash
# Release-mode `sosecure scan` over large JavaScript, C and Java corpora found on this machine, with
# every built-in rule of the language: MB, wall time, CPU time, MB/s per core (bytes / CPU seconds,
# which stays meaningful on a shared machine), peak RSS and findings. Issue 6 sets ≥ 30 MB/s per core.
# Prints; asserts nothing.
#
#   RUNS=5 Benchmarks/cfamily-scan.sh
#
# Corpus: JavaScript = npm's own .js files (/usr/lib/node_modules), C = /usr/include without C++,
# Java = java.base from a JDK src.zip (first 25 MB). Files are copied into Benchmarks/.work so file
# discovery does not skip them (it leaves out node_modules folders, as a user would want).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/setup.sh
WORK=Benchmarks/.work/cfamily-scan
mkdir -p "$WORK"

ensure_gnu_time
build_release_sosecure

echo "== corpus"
python3 - "$WORK" <<'PY'
import os, pathlib, shutil, sys, zipfile, glob
work = pathlib.Path(sys.argv[1])
def copy_tree(name, files, root):
    target = work / name
    if target.exists():
        return
    for source in files:
        relative = os.path.relpath(source, root).replace("node_modules", "nm")
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
js = [str(p) for p in pathlib.Path("/usr/lib/node_modules").rglob("*.js") if p.is_file() and not p.is_symlink()]
copy_tree("javascript", sorted(js), "/usr/lib/node_modules")
c = [str(p) for p in pathlib.Path("/usr/include").rglob("*.h")
     if p.is_file() and "c++" not in p.parts]
copy_tree("c", sorted(c), "/usr/include")
target = work / "java"
if not target.exists():
    for archive in sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip")):
        if not os.path.isfile(archive):
            continue
        budget = 25_000_000
        with zipfile.ZipFile(archive) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                if info.filename.startswith("java.base/") and info.filename.endswith(".java") and budget > 0:
                    z.extract(info, target)
                    budget -= info.file_size
        break
PY

# Each figure is the median of RUNS scans (CPU seconds, which stays meaningful on a shared machine).
# Start-up (loading and checking the rules of the languages found) is paid once per run whatever the
# corpus size; a scan of one empty file of the language measures it, so the per-byte rate can be
# shown without it as well.
RUNS=${RUNS:-5}
median_cpu() {  # median_cpu <output.json> <paths...>: prints "wall user+sys rss" of the median run
    local out=$1; shift
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/run-time.txt" "$BIN" scan --format json -o "$out" --exit-zero "$@" 2>/dev/null || true
        awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$WORK/run-time.txt"
    done | sort -n -k2 | awk -v n="$RUNS" 'NR == int((n + 1) / 2)'
}
EMPTY="$WORK/empty"
mkdir -p "$EMPTY"
echo "machine load average: $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs each"
printf "%-11s %8s %8s %8s %10s %12s %14s %9s %9s\n" language MB wall_s cpu_s startup_s "MB/s/core" "excl_startup" "RSS_MB" findings
for language in javascript c java; do
    dir="$WORK/$language"
    [ -d "$dir" ] || { echo "$language: no corpus on this machine"; continue; }
    case $language in javascript) extension=js ;; *) extension=$language ;; esac
    rm -f "$EMPTY"/* && : > "$EMPTY/empty.$extension"
    read -r _ startup _ <<< "$(median_cpu "$WORK/empty.json" "$EMPTY")"
    bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    read -r wall cpu rss <<< "$(median_cpu "$WORK/$language.json" "$dir")"
    findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/$language.json")
    awk -v l="$language" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" -v f="$findings" -v st="$startup" \
        'BEGIN { mb = b / 1e6; rest = c - st; if (rest <= 0) rest = 0.01;
                 printf "%-11s %8.1f %8.2f %8.2f %10.2f %12.1f %14.1f %9.0f %9d\n", l, mb, w, c, st, mb / c, mb / rest, r / 1024, f }'
done
echo "target: ≥ 30 MB/s per core"

echo "== bad input (whole scan, release; target: results for the rest, an error with a position, within 2 s)"
BAD="$WORK/badinput"
mkdir -p "$BAD"
python3 - "$BAD" <<'PY'
import pathlib, sys
bad = pathlib.Path(sys.argv[1])
unit = ('function h%d(req,res){var q=req.query.q;var t="a"+q;'
        'if(t.length>3){res.send(t.slice(0,2))}else{eval(q)}return t}')
line = "".join(unit % i for i in range(60000))
# Just under the scanner's 5 MB per-file limit, so the file is scanned, not skipped.
(bad / "minified.js").write_text(line[: 5_000_000 - 1] + "\n")
(bad / "braces.c").write_text("{" * 10000 + "\nint main(void) { char b[8]; gets(b); return 0; }\n")
body = "".join("function f%d(req, res) {\n  const id = req.query.id;\n  eval(id);\n}\n" % i for i in range(60000))
(bad / "template.js").write_text("const open = `unterminated ${x}\n" + body)
PY
for name in minified.js braces.c template.js; do
    file="$BAD/$name"
    /usr/bin/time -f "%e %M" -o "$BAD/$name.time" \
        "$BIN" scan --format json -o "$BAD/$name.json" --exit-zero "$file" 2>/dev/null || true
    read -r wall rss < "$BAD/$name.time"
    python3 - "$BAD/$name.json" "$name" "$wall" "$rss" "$(stat -c %s "$file")" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
name, wall, rss, size = sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
errors = report["errors"]
# The first error with a position (a summary such as "996 more syntax errors" has none).
placed = [e for e in errors if e["line"] is not None] or errors
first = f'{placed[0]["line"]}:{placed[0]["column"]} {placed[0]["message"]}' if placed else "none"
print(f"{name:13} {size / 1e6:5.1f} MB  wall {wall:5.2f} s  RSS {rss / 1024:5.0f} MB  findings {len(report['findings']):6d}  "
      f"errors {len(errors)}  first error: {first}")
PY
done
