#!/usr/bin/env bash
# What a logout costs on top of the plugin's start-up: `docker-harbor logout HOST` with docker's
# config naming pass and nothing stored (a config read, one `docker-credential-pass list` through
# ChildProcess, Helm's file read) against `docker-harbor version` (start-up only), in the same
# run, so the ratio means something on any machine; `docker-credential-pass list` alone for scale.
# Uses a throwaway GPG key and pass store in a temporary HOME.
#
#   benchmarks/logout-with-helper.sh [--bin-dir DIR] [--runs N]
#
# Needs hyperfine, gpg, pass and docker-credential-pass (apt-get install hyperfine gnupg pass
# golang-docker-credential-helpers). Without --bin-dir it uses the debug build (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
runs=50
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--runs N]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine gpg pass docker-credential-pass; do
    command -v "$tool" >/dev/null || { echo "logout-with-helper.sh: $tool is missing" >&2; exit 1; }
done
if [ -z "$bin_dir" ]; then
    swift build --product docker-harbor >/dev/null
    bin_dir="$(swift build --show-bin-path)"
fi
work="$(mktemp -d)"
export HOME="$work" GNUPGHOME="$work/gnupg" PASSWORD_STORE_DIR="$work/password-store" DOCKER_CONFIG="$work/docker"
trap 'gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -m 700 -p "$GNUPGHOME" "$DOCKER_CONFIG"
gpg --batch --quiet --passphrase '' --quick-gen-key "bench <bench@example.invalid>" default default never 2>/dev/null
pass init "$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')" >/dev/null
printf '{\n\t"credsStore": "pass"\n}\n' > "$DOCKER_CONFIG/config.json"

hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/logout.json" \
    --command-name "docker-harbor version (baseline)" "$bin_dir/docker-harbor version" \
    --command-name "docker-harbor logout (nothing stored)" "$bin_dir/docker-harbor logout 127.0.0.1:5999" \
    --command-name "sh | docker-credential-pass list (for scale)" "sh -c 'echo unused | docker-credential-pass list'" >/dev/null

python3 - "$work/logout.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print(f"{'command':55} {'median':>9} {'vs baseline':>12}")
for r in results:
    print(f"{r['command']:55} {r['median']*1000:7.2f} ms {r['median']/base:10.2f}×")
PY
