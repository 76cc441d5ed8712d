#!/usr/bin/env bash
# Builds the given products as install.sh builds them (scripts/release-build-flags.sh), or with
# --portable as release artifacts are built (scripts/release-build-flags.sh --portable), copies
# them to .build/benchmark-bin/install or …/portable, and prints that directory: what a benchmark
# measures when it is not given --bin-dir. Both modes compile alike (only -Xlinker flags differ),
# so switching between them relinks and compiles nothing.
#
#   benchmarks/release-build.sh [--portable] PRODUCT...
set -euo pipefail
cd "$(dirname "$0")/.."
mode=install
if [ "${1:-}" = --portable ]; then mode=portable; shift; fi
if [ "$mode" = portable ]; then release="$(scripts/release-build-flags.sh --portable)"; else release="$(scripts/release-build-flags.sh)"; fi
for product in "$@"; do
    # shellcheck disable=SC2086
    swift build -c release $release --product "$product" >&2
done
# shellcheck disable=SC2086
built="$(swift build -c release $release --show-bin-path)"
out="$PWD/.build/benchmark-bin/$mode"
mkdir -p "$out"
for product in "$@"; do
    cp -f "$built/$product" "$out/$product.new" && mv -f "$out/$product.new" "$out/$product"
done
echo "$out"
