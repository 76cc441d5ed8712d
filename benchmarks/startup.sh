#!/usr/bin/env bash
# Start-up of `docker-harbor docker-cli-plugin-metadata`, which docker runs for every plugin on
# every `docker --help`, `docker info` and twice per docker TAB (docker/cli,
# cli-plugins/manager/candidate.go, Metadata), measured against a trivial program (`print("x")`,
# `swiftc -O -static-stdlib`), in the same run, so the ratio means something on any machine.
# Goal: metadata at most 1.5× the trivial program in wall time and in instructions.
#
#   benchmarks/startup.sh [--bin-dir DIR] [--label TEXT] [--runs N]
#
# Wall time: hyperfine medians. Instructions: valgrind's callgrind (exact and repeatable where
# wall time is noisy), with the share the dynamic loader takes. Page faults: `perf stat` (linux-perf),
# else /usr/bin/time's minor faults. Needs hyperfine and valgrind; without --bin-dir it builds the
# release binary as install.sh does (benchmarks/release-build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
label=""
runs=300
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --label) label="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--label TEXT] [--runs N]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine valgrind swiftc python3; do
    command -v "$tool" >/dev/null || { echo "startup.sh: $tool is missing (benchmarks/run.sh installs it as root; else apt-get install hyperfine valgrind)" >&2; exit 1; }
done

if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The baseline: a Swift program that prints a constant, with the Swift runtime inside as ours has.
printf 'print("x")\n' > "$work/trivial.swift"
swiftc -O -static-stdlib "$work/trivial.swift" -o "$work/trivial-swift" 2>/dev/null
# Stripped, as install.sh installs it (and valgrind 3.19 cannot read the debug information lld writes).
strip -o "$work/docker-harbor" "$bin_dir/docker-harbor"
plugin="$work/docker-harbor"
[ "$("$plugin" docker-cli-plugin-metadata | head -c 1)" = "{" ] || { echo "startup.sh: $plugin does not answer docker-cli-plugin-metadata" >&2; exit 1; }

[ -n "$label" ] && echo "build: $label"
hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/startup.json" \
    --command-name "trivial Swift program (baseline)" "$work/trivial-swift" \
    --command-name "docker-harbor docker-cli-plugin-metadata" "$plugin docker-cli-plugin-metadata" \
    --command-name "docker-harbor version" "$plugin version" \
    --command-name "docker --version (for scale)" "docker --version" >/dev/null 2>"$work/hyperfine.log" \
    || { cat "$work/hyperfine.log" >&2; exit 1; }

# Instructions: callgrind's total, and what the dynamic loader spent of it before handing over to
# the program's constructors (ld.so's _dl_start, inclusive: loading, relocating, binding symbols).
callgrind() { # name command...
    local name="$1"; shift
    valgrind --tool=callgrind --callgrind-out-file="$work/cg-$name.out" "$@" >/dev/null 2>"$work/cg-$name.log" \
        || { echo "startup.sh: valgrind failed on $*:" >&2; tail -5 "$work/cg-$name.log" >&2; exit 1; }
    callgrind_annotate --inclusive=yes "$work/cg-$name.out" 2>/dev/null > "$work/cg-$name.txt" || true
}
callgrind trivial "$work/trivial-swift"
callgrind metadata "$plugin" docker-cli-plugin-metadata
callgrind version "$plugin" version

# Page faults: perf stat's software counter (works where hardware counters do not).
faults() { # command... -> median page faults over 20 runs
    if command -v perf >/dev/null && perf stat -e page-faults -x, true >/dev/null 2>&1; then
        for _ in $(seq 20); do perf stat -e page-faults -x, "$@" 2>&1 >/dev/null | awk -F, '/page-faults/ {print $1}'; done
    else
        for _ in $(seq 20); do /usr/bin/time -f '%R' "$@" 2>&1 >/dev/null | tail -1; done
    fi | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
{
    echo "trivial $(faults "$work/trivial-swift")"
    echo "metadata $(faults "$plugin" docker-cli-plugin-metadata)"
    echo "version $(faults "$plugin" version)"
} > "$work/faults.txt"

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
results = json.load(open(f"{work}/startup.json"))["results"]
base = results[0]["median"]
print(f"{'command':45} {'median':>9} {'mean ± σ':>18} {'vs baseline':>12}")
for r in results:
    print(f"{r['command']:45} {r['median']*1000:7.2f} ms {r['mean']*1000:8.2f} ± {r['stddev']*1000:5.2f} ms {r['median']/base:10.2f}×")
def instructions(name):
    total = int(re.search(r"Collected : (\d+)", open(f"{work}/cg-{name}.log").read()).group(1))
    loader = 0
    for line in open(f"{work}/cg-{name}.txt"):
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?\S*:_dl_start(?:'\d+)? \[", line)
        if m:
            loader = int(m.group(1).replace(",", ""))
            break
    return total, loader
faults = dict(line.split() for line in open(f"{work}/faults.txt"))
names = [("trivial", "trivial Swift program (baseline)"), ("metadata", "docker-cli-plugin-metadata"), ("version", "docker-harbor version")]
base_i, _ = instructions("trivial")
base_f = int(faults["trivial"])
print()
print(f"{'callgrind / perf stat':45} {'instructions':>13} {'in ld.so':>9} {'vs baseline':>12} {'page faults':>12} {'vs baseline':>12}")
for key, title in names:
    total, loader = instructions(key)
    f = int(faults[key])
    print(f"{title:45} {total:13,} {loader / total:8.0%} {total / base_i:11.2f}× {f:12} {f / base_f:11.2f}×")
wall = results[1]["median"] / base
ins = instructions("metadata")[0] / base_i
print()
print(f"metadata / trivial: wall {wall:.2f}×, instructions {ins:.2f}× (goal ≤ 1.5× both): {'ok' if wall <= 1.5 and ins <= 1.5 else 'OVER'}")
PY
