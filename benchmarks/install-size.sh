#!/usr/bin/env bash
# Disk use of an install: docker-harbor, helm-harbor and docker-credential-harbor are one stripped
# binary with two links (install.sh), measured against the baseline of three stripped copies of
# the same binary, in the same run.
#
#   benchmarks/install-size.sh [--bin-dir DIR]
#
# Without --bin-dir it builds the release binary as install.sh does (static Swift runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR]" >&2; exit 2 ;;
    esac
done
if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

HOME="$work/home" PATH="$PATH" ./install.sh --bin-dir "$bin_dir" --no-modify-rc >/dev/null
installed=("$work/home/.docker/cli-plugins/docker-harbor" "$work/home/.local/share/helm/plugins/harbor/bin/helm-harbor" "$work/home/.local/bin/docker-credential-harbor")
# Bytes on disk for the three names: a link counts as its own size, the binary once.
one_binary=0
for f in "${installed[@]}"; do
    one_binary=$((one_binary + $(stat -c %s "$f")))  # stat without -L: a link's own size
done
stripped=$(stat -c %s "${installed[0]}")
three_copies=$((3 * stripped))
unstripped=$(stat -c %s "$bin_dir/docker-harbor")
printf 'unstripped binary:        %12d bytes\n' "$unstripped"
printf 'stripped binary:          %12d bytes\n' "$stripped"
printf 'three stripped copies:    %12d bytes (baseline)\n' "$three_copies"
printf 'one binary + two links:   %12d bytes\n' "$one_binary"
awk -v a="$one_binary" -v b="$three_copies" 'BEGIN { printf "ratio one-binary/baseline: %.3f\n", a / b }'
