#!/usr/bin/env bash
# Share of vulnerable fixture files whose findings are ALL removed by deterministic rule fixes alone
# (no model), with no new finding: `sosecure fix --no-llm` over the rules' mixed fixtures
# (Tests/SOSecureRulesTests/Fixtures/python) and the fix fixture pairs' vulnerable halves
# (Tests/SOSecureRemediationTests/Fixtures/python/<rule-id>.py), safe fixes only and with --unsafe-fixes.
# Also counts the rules that carry a fix. Prints numbers; asserts nothing.
#
#   Benchmarks/fix-rate.sh                          # builds sosecure in release mode first
#   SOSECURE_BIN=.build/debug/sosecure Benchmarks/fix-rate.sh   # use an existing binary
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SOSECURE_BIN:-}" ]; then
    swift build -c release --product sosecure >/dev/null
    SOSECURE_BIN=.build/release/sosecure
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOSECURE_KB="$WORK/kb.sqlite"
unset SOSECURE_LLM_MODEL SOSECURE_LLM_BASE_URL

echo "== rules with a fix: $(grep -l '^fix:' Sources/SOSecureRules/Rules/python/*.yaml | wc -l) of $(ls Sources/SOSecureRules/Rules/python/*.yaml | wc -l)"

measure() {
    local label=$1; shift
    local files=("$@")
    for mode in safe unsafe; do
        local flags=(--no-llm --format json)
        [ "$mode" = unsafe ] && flags+=(--unsafe-fixes)
        "$SOSECURE_BIN" fix "${flags[@]}" "${files[@]}" >"$WORK/out.json" 2>"$WORK/err.txt" || true
        python3 - "$label" "$mode" "$WORK/out.json" <<'PY'
import json, sys
label, mode, path = sys.argv[1], sys.argv[2], sys.argv[3]
results = json.load(open(path))
vulnerable = [r for r in results if r["findings_before"]]
fixed = []
for r in vulnerable:
    before = {(f["rule"], f["fingerprint"]) for f in r["findings_before"]}
    new = [f for f in r["findings_after"] if (f["rule"], f["fingerprint"]) not in before]
    if not r["findings_after"] and not new:
        fixed.append(r["path"])
findings_before = sum(len(r["findings_before"]) for r in vulnerable)
findings_after = sum(len(r["findings_after"]) for r in vulnerable)
applied = sum(len(r["deterministic"]["applied"]) for r in results)
dropped = sum(len(r["deterministic"]["dropped"]) for r in results)
share = 100.0 * len(fixed) / len(vulnerable) if vulnerable else 0.0
print(f"{label:<22} {mode:<7} files fully fixed: {len(fixed):>3}/{len(vulnerable):<3} ({share:5.1f}%)   "
      f"findings {findings_before} -> {findings_after}   fixes applied {applied}, dropped {dropped}")
for r in results:
    for d in r["deterministic"]["dropped"]:
        print(f"    dropped {r['path']}:{d['line']} {d['rule']}: {d['reason']}")
PY
    done
}

mapfile -t RULE_FIXTURES < <(ls Tests/SOSecureRulesTests/Fixtures/python/*.py)
mapfile -t PAIR_FIXTURES < <(ls Tests/SOSecureRemediationTests/Fixtures/python/*.py | grep -v '\.fixed\.py$')
measure "rule fixtures" "${RULE_FIXTURES[@]}"
measure "fix fixture pairs" "${PAIR_FIXTURES[@]}"
measure "all" "${RULE_FIXTURES[@]}" "${PAIR_FIXTURES[@]}"
