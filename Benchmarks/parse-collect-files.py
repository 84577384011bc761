"""Lists the .py files of the running Python's standard library (site-packages excluded)
plus, when a venv is given, the sources of Django installed in it. One path per line."""
import argparse
import glob
import os
import sysconfig


def stdlib_files():
    stdlib = sysconfig.get_paths()["stdlib"]
    for root, dirs, files in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def venv_package_files(venv, package):
    pattern = os.path.join(venv, "lib", "python*", "site-packages", package)
    for directory in sorted(glob.glob(pattern)):
        for root, dirs, files in os.walk(directory):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(root, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", help="virtual environment holding the extra packages")
    parser.add_argument("--package", action="append", default=[], help="package directory name in site-packages")
    args = parser.parse_args()
    for path in stdlib_files():
        print(path)
    if args.venv:
        for package in args.package:
            for path in venv_package_files(args.venv, package):
                print(path)


if __name__ == "__main__":
    main()
