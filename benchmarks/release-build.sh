#!/usr/bin/env bash
# Builds the given products as install.sh builds them (scripts/release-build-flags.sh) and prints
# the directory that holds them: what a benchmark measures when it is not given --bin-dir.
#
#   benchmarks/release-build.sh PRODUCT...
set -euo pipefail
cd "$(dirname "$0")/.."
release="$(scripts/release-build-flags.sh)"
for product in "$@"; do
    swift build -c release $release --product "$product" >/dev/null
done
swift build -c release $release --show-bin-path
