#!/usr/bin/env bash
# Start-up of `docker-harbor docker-cli-plugin-metadata`, which docker runs for every plugin on
# every `docker --help`, `docker info` and completion (docker-plugins.md §2), measured against a
# trivial program built the same way, in the same run, so the ratio means something on any machine.
#
#   benchmarks/startup.sh [--bin-dir DIR] [--runs N]
#
# Needs hyperfine (apt-get install hyperfine) and the Swift toolchain. Without --bin-dir it builds
# the release binaries as install.sh does (static Swift runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
runs=300
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--runs N]" >&2; exit 2 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The baseline: a Swift program that prints a constant, built with the same flags.
printf 'print("{}")\n' > "$work/trivial.swift"
swiftc -O -static-stdlib "$work/trivial.swift" -o "$work/trivial-swift" 2>/dev/null

hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/startup.json" \
    --command-name "trivial Swift program (baseline)" "$work/trivial-swift" \
    --command-name "docker-harbor docker-cli-plugin-metadata" "$bin_dir/docker-harbor docker-cli-plugin-metadata" \
    --command-name "docker-harbor version" "$bin_dir/docker-harbor version" \
    --command-name "docker --version (for scale)" "docker --version" >/dev/null

python3 - "$work/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print(f"{'command':45} {'median':>9} {'mean ± σ':>18} {'vs baseline':>12}")
for r in results:
    print(f"{r['command']:45} {r['median']*1000:7.2f} ms {r['mean']*1000:8.2f} ± {r['stddev']*1000:5.2f} ms {r['median']/base:10.2f}×")
PY
