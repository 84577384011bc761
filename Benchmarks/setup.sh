# Shared by the benchmark scripts: `source "$(dirname "$0")/setup.sh"` after `cd` to the repository.

# GNU time gives peak RSS; Debian's minimal images lack it.
ensure_gnu_time() {
    if [ ! -x /usr/bin/time ]; then
        echo "installing GNU time (peak RSS)…"
        apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
}

# Prints the machine line, builds the release binary and sets BIN to it.
build_release_sosecure() {
    echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "== building release"
    swift build -c release --scratch-path .build-release --product sosecure 2>&1 | tail -1
    BIN=.build-release/release/sosecure
}
