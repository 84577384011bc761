#!/usr/bin/env bash
# Release-mode `sosecure scan` over large JavaScript, C and Java corpora found on this machine, all
# rules: MB, wall time, CPU time, MB/s per core (bytes / CPU seconds, which stays meaningful on a
# shared machine), peak RSS and findings. Issue 6 sets ≥ 30 MB/s per core. Prints; asserts nothing.
#
#   Benchmarks/cfamily-scan.sh
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

# Start-up (loading and checking all rules) is paid once per run whatever the corpus size; a scan of
# one empty file measures it, so the per-byte rate can be shown without it as well.
EMPTY="$WORK/empty"
mkdir -p "$EMPTY" && : > "$EMPTY/empty.js"
/usr/bin/time -f "%U %S" -o "$WORK/startup-time.txt" "$BIN" scan --format json -o "$WORK/empty.json" --exit-zero "$EMPTY" 2>/dev/null || true
read -r startup_user startup_sys < "$WORK/startup-time.txt"
startup=$(awk -v u="$startup_user" -v s="$startup_sys" 'BEGIN { printf "%.2f", u + s }')
echo "start-up (empty file): $startup s CPU"
printf "%-11s %8s %8s %8s %12s %14s %9s %9s\n" language MB wall_s cpu_s "MB/s/core" "excl_startup" "RSS_MB" findings
for language in javascript c java; do
    dir="$WORK/$language"
    [ -d "$dir" ] || { echo "$language: no corpus on this machine"; continue; }
    bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/$language-time.txt" \
        "$BIN" scan --format json -o "$WORK/$language.json" --exit-zero "$dir" 2>"$WORK/$language-stderr.txt" || true
    read -r wall user sys rss < "$WORK/$language-time.txt"
    findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/$language.json")
    awk -v l="$language" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v f="$findings" -v st="$startup" \
        'BEGIN { mb = b / 1e6; cpu = u + s; rest = cpu - st; if (rest <= 0) rest = 0.01;
                 printf "%-11s %8.1f %8.2f %8.2f %12.1f %14.1f %9.0f %9d\n", l, mb, w, cpu, mb / cpu, mb / rest, r / 1024, f }'
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
first = f'{errors[0]["line"]}:{errors[0]["column"]} {errors[0]["message"]}' if errors else "none"
print(f"{name:13} {size / 1e6:5.1f} MB  wall {wall:5.2f} s  RSS {rss / 1024:5.0f} MB  findings {len(report['findings']):6d}  "
      f"errors {len(errors)}  first error: {first}")
PY
done
