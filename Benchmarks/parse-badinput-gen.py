"""Writes the pathological inputs of issue 2 into a directory: a binary file, invalid UTF-8,
a 10 MB single line, 100,000 nested parentheses, and a 1 MB file that opens a triple-quoted
string on its first line and never closes it."""
import os
import random
import sys


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    generator = random.Random(2)
    inputs = {
        "binary.py": bytes(generator.randrange(256) for _ in range(64 * 1024)) + b"\x00" * 16,
        "invalid_utf8.py": b'x = 1\ny = "caf\xe9"\nz = 3\n',
        "nested.py": ("x = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n").encode(),
    }
    numbers, size, n = [], 0, 0
    while size < 10_000_000:
        item = f"{n}, "
        numbers.append(item)
        size += len(item)
        n += 1
    inputs["long_line.py"] = ("data = [" + "".join(numbers) + ")\n").encode()
    inputs["long_line_valid.py"] = ("data = [" + "".join(numbers) + "]\n").encode()
    body = "def f(x):\n    return x + 1\n"
    inputs["unterminated.py"] = ('"""' + body * (1_000_000 // len(body) + 1)).encode()
    for name, data in inputs.items():
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(data)
        print(name)


if __name__ == "__main__":
    main()
