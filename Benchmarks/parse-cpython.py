"""Parses every file of a list with CPython's ast.parse in this one process, timing only
the parsing (files are read first), and prints the same figures as `sosecure ast --benchmark`."""
import ast
import sys
import time
import warnings


def main():
    with open(sys.argv[1], encoding="utf-8") as listing:
        paths = [line.rstrip("\n") for line in listing if line.strip()]
    sources = []
    for path in paths:
        with open(path, "rb") as handle:
            sources.append((path, handle.read()))
    total_bytes = sum(len(data) for _, data in sources)
    lines = sum(data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1) for _, data in sources)
    rejected = 0
    # Invalid escape sequences in old files warn on every parse; keep the output to figures.
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    for path, data in sources:
        try:
            ast.parse(data, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            rejected += 1
    seconds = time.perf_counter() - start
    megabytes = total_bytes / 1_000_000
    print(f"files: {len(sources)}")
    print(f"bytes: {total_bytes}")
    print(f"lines: {lines}")
    print(f"files with syntax errors: {rejected}")
    print(f"seconds: {seconds:.4f}")
    print(f"MB/s: {megabytes / seconds if seconds else 0:.1f}")
    print(f"lines/s: {int(lines / seconds) if seconds else 0}")


if __name__ == "__main__":
    main()
