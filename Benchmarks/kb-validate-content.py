#!/usr/bin/env python3
"""Validate the default knowledge-base sources in Sources/SOSecureKnowledge/DefaultKB/.

Checks every *.yaml file in the folder (all languages, all helpers' files):
  - the file parses and is a YAML sequence of mappings;
  - every entry has every field of Docs/knowledge-base-format.md with the right type;
  - ids are kebab-case and unique across ALL files;
  - language is one of the supported languages;
  - cwe is a non-empty list of positive ints;
  - comments is a list of {score: int, text: str};
  - no e-mail addresses anywhere, and no URLs in prose except official documentation hosts.
Soft checks (printed as warnings, do not fail): code blocks outside 5-25 lines,
fewer than 2 or more than 4 comments, question_code identical to answer_code.

Prints counts per language and per CWE. Exits 1 on any error, naming file, entry id and field.

Usage: python3 Benchmarks/kb-validate-content.py [DIR] [--require-python-cwes] [--strict]
  --require-python-cwes  also fail unless every CWE listed in issue 3 has >= 2 Python entries
  --strict               treat warnings as errors
"""
import collections
import pathlib
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    print("error: PyYAML is required (pip install pyyaml)", file=sys.stderr)
    sys.exit(2)

LANGUAGES = {"python", "javascript", "typescript", "java", "go", "c", "cpp", "php", "swift"}

FIELDS = {
    "id": str,
    "language": str,
    "cwe": list,
    "tags": list,
    "apis": list,
    "title": str,
    "score": int,
    "accepted": bool,
    "question": str,
    "question_code": str,
    "answer": str,
    "answer_code": str,
    "comments": list,
}

PYTHON_CWES = [20, 22, 77, 78, 79, 89, 90, 94, 95, 113, 117, 209, 215, 250, 259, 276, 295,
               297, 319, 326, 327, 328, 330, 338, 347, 352, 377, 400, 434, 489, 502, 522,
               601, 611, 614, 643, 676, 732, 776, 798, 918, 943, 1004, 1333]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
URL_RE = re.compile(r"https?://([A-Za-z0-9.-]+)", re.IGNORECASE)
# Hosts that may appear in prose (official documentation). Code may use any host
# (example.com style placeholders, cleartext http:// examples, SSRF targets).
DOC_HOSTS = (
    "docs.python.org", "peps.python.org", "cwe.mitre.org", "owasp.org", "cheatsheetseries.owasp.org",
    "docs.djangoproject.com", "flask.palletsprojects.com", "jinja.palletsprojects.com",
    "werkzeug.palletsprojects.com", "fastapi.tiangolo.com", "docs.sqlalchemy.org",
    "developer.mozilla.org", "docs.oracle.com", "go.dev", "pkg.go.dev", "nodejs.org",
    "www.php.net", "php.net", "developer.apple.com", "docs.swift.org", "en.cppreference.com",
    "cryptography.io", "pyjwt.readthedocs.io", "requests.readthedocs.io", "lxml.de",
    "pymongo.readthedocs.io", "www.typescriptlang.org", "example.com", "example.org",
)
PROSE_FIELDS = ("title", "question", "answer")
PLAIN_FIELD_RE = re.compile(r"^\s*(?:-\s+)?(title|text|id|question|answer)\s*:\s+([^|>'\"\s].*)$")


def host_ok(host):
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in DOC_HOSTS)


def code_lines(text):
    return len([l for l in text.rstrip("\n").split("\n")])


def check_entry(path, index, entry, seen_ids, errors, warnings):
    where = f"{path.name}: entry #{index + 1}"
    if not isinstance(entry, dict):
        errors.append(f"{where}: entry is not a mapping")
        return None
    eid = entry.get("id")
    if isinstance(eid, str) and eid:
        where = f"{path.name}: id '{eid}'"

    for field, ftype in FIELDS.items():
        if field not in entry:
            errors.append(f"{where}: field '{field}' is missing")
            continue
        value = entry[field]
        if ftype is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, ftype)
        if not ok:
            errors.append(f"{where}: field '{field}' must be {ftype.__name__}, got {type(value).__name__}")
            continue
        if ftype is str and not value.strip():
            errors.append(f"{where}: field '{field}' is empty")
    for field in entry:
        if field not in FIELDS:
            errors.append(f"{where}: unknown field '{field}'")

    if isinstance(eid, str) and eid:
        if not ID_RE.match(eid):
            errors.append(f"{where}: field 'id' is not kebab-case")
        if eid in seen_ids:
            errors.append(f"{where}: field 'id' duplicates the entry in {seen_ids[eid]}")
        else:
            seen_ids[eid] = path.name

    lang = entry.get("language")
    if isinstance(lang, str) and lang not in LANGUAGES:
        errors.append(f"{where}: field 'language' is '{lang}', expected one of {sorted(LANGUAGES)}")

    cwe = entry.get("cwe")
    if isinstance(cwe, list):
        if not cwe:
            errors.append(f"{where}: field 'cwe' is an empty list")
        for c in cwe:
            if not (isinstance(c, int) and not isinstance(c, bool) and c > 0):
                errors.append(f"{where}: field 'cwe' has a non-integer or non-positive item {c!r}")
        if len(set(c for c in cwe if isinstance(c, int))) != len(cwe):
            errors.append(f"{where}: field 'cwe' has duplicates")

    for field in ("tags", "apis"):
        value = entry.get(field)
        if isinstance(value, list):
            for item in value:
                if not isinstance(item, str) or not item.strip():
                    errors.append(f"{where}: field '{field}' has a non-string or empty item {item!r}")
            if field == "tags":
                for item in value:
                    if isinstance(item, str) and item != item.lower():
                        errors.append(f"{where}: field 'tags' item '{item}' is not lowercase")

    comments = entry.get("comments")
    if isinstance(comments, list):
        if not (2 <= len(comments) <= 4):
            warnings.append(f"{where}: field 'comments' has {len(comments)} items (expected 2-4)")
        for i, c in enumerate(comments):
            if not isinstance(c, dict):
                errors.append(f"{where}: field 'comments[{i}]' is not a mapping")
                continue
            if set(c) != {"score", "text"}:
                errors.append(f"{where}: field 'comments[{i}]' must have exactly 'score' and 'text', got {sorted(c)}")
            s = c.get("score")
            if not (isinstance(s, int) and not isinstance(s, bool)):
                errors.append(f"{where}: field 'comments[{i}].score' must be int")
            t = c.get("text")
            if not isinstance(t, str) or not t.strip():
                errors.append(f"{where}: field 'comments[{i}].text' must be a non-empty string")

    for field in ("question_code", "answer_code"):
        value = entry.get(field)
        if isinstance(value, str):
            n = code_lines(value)
            if not (5 <= n <= 25):
                warnings.append(f"{where}: field '{field}' has {n} lines (expected 5-25)")
    if isinstance(entry.get("question_code"), str) and entry.get("question_code") == entry.get("answer_code"):
        errors.append(f"{where}: field 'answer_code' is identical to 'question_code'")

    # e-mail addresses anywhere; non-documentation URLs in prose.
    texts = {f: entry.get(f) for f in FIELDS if isinstance(entry.get(f), str)}
    if isinstance(comments, list):
        for i, c in enumerate(comments):
            if isinstance(c, dict) and isinstance(c.get("text"), str):
                texts[f"comments[{i}].text"] = c["text"]
    for field, text in texts.items():
        if EMAIL_RE.search(text):
            errors.append(f"{where}: field '{field}' contains an e-mail address")
        if field in PROSE_FIELDS or field.startswith("comments["):
            for host in URL_RE.findall(text):
                if not host_ok(host):
                    errors.append(f"{where}: field '{field}' contains a URL to '{host}' (only official docs allowed)")
    return entry


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = {a for a in argv[1:] if a.startswith("--")}
    unknown = flags - {"--require-python-cwes", "--strict"}
    if unknown:
        print(f"error: unknown option(s) {sorted(unknown)}", file=sys.stderr)
        return 2
    root = pathlib.Path(__file__).resolve().parent.parent
    folder = pathlib.Path(args[0]) if args else root / "Sources" / "SOSecureKnowledge" / "DefaultKB"
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        print(f"error: no .yaml files in {folder}", file=sys.stderr)
        return 1

    errors, warnings = [], []
    seen_ids = {}
    entries = []
    per_file = collections.Counter()
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as e:
            errors.append(f"{path.name}: not valid UTF-8 ({e})")
            continue
        except yaml.YAMLError as e:
            errors.append(f"{path.name}: YAML parse error: {e}")
            continue
        # A plain (unquoted) scalar silently loses everything after " #" (a YAML comment):
        # flag such lines so a comment text or title is never truncated without notice.
        for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            m = PLAIN_FIELD_RE.match(line)
            if m and " #" in m.group(2):
                errors.append(f"{path.name}:{lineno}: field '{m.group(1)}' is a plain scalar containing ' #' "
                              "(the rest is read as a YAML comment); quote it or use a block scalar")
        if data is None:
            errors.append(f"{path.name}: file is empty")
            continue
        if not isinstance(data, list):
            errors.append(f"{path.name}: top level must be a sequence of entries")
            continue
        for i, entry in enumerate(data):
            e = check_entry(path, i, entry, seen_ids, errors, warnings)
            if e is not None:
                entries.append(e)
                per_file[path.name] += 1

    by_lang = collections.Counter()
    by_cwe = collections.defaultdict(collections.Counter)
    for e in entries:
        lang = e.get("language")
        if not isinstance(lang, str):
            continue
        by_lang[lang] += 1
        for c in e.get("cwe") or []:
            if isinstance(c, int):
                by_cwe[lang][c] += 1

    print(f"{len(entries)} entries in {len(files)} files")
    for name in sorted(per_file):
        print(f"  {name}: {per_file[name]}")
    print("entries per language:")
    for lang, n in sorted(by_lang.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {lang}: {n}")
    print("entries per CWE (per language):")
    for lang in sorted(by_cwe):
        items = ", ".join(f"{c}:{n}" for c, n in sorted(by_cwe[lang].items()))
        print(f"  {lang} ({len(by_cwe[lang])} CWEs): {items}")
    total_cwe = collections.Counter()
    for lang in by_cwe:
        total_cwe.update(by_cwe[lang])
    print(f"distinct CWEs overall: {len(total_cwe)}")

    if "--require-python-cwes" in flags:
        for c in PYTHON_CWES:
            n = by_cwe["python"][c]
            if n < 2:
                errors.append(f"python: CWE-{c} has {n} entries (need >= 2)")

    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors or ("--strict" in flags and warnings):
        print(f"FAILED: {len(errors)} error(s), {len(warnings)} warning(s)", file=sys.stderr)
        return 1
    print(f"OK ({len(warnings)} warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
