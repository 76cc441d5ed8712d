#!/usr/bin/env bash
# What `docker harbor pull REPO:TAG` (a short reference, expanded by the plugin, then docker's own
# pull) costs on top of `docker pull HOST/PROJECT/REPO:TAG`, in the same run, with a real Docker
# engine (dockerd, started here as the tests start it: Sources/HarborTestSupport/DockerEngine.swift)
# pulling from a local harbor-sandbox. Two cases: the image is not there (each run removes it first:
# a 4 MiB layer is downloaded and unpacked), and the image is already there (docker only checks
# the manifest: the plugin's share is largest).
#
#   benchmarks/docker-pull.sh [--bin-dir DIR] [--runs N]
#
# Needs root (dockerd), docker.io, docker-registry (the sandbox's backend), hyperfine, python3.
# Without --bin-dir it builds docker-harbor and harbor-sandbox as install.sh builds them.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
runs=20
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--runs N]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "docker-pull.sh: dockerd needs root; run this as root" >&2; exit 1; }
for tool in hyperfine docker dockerd python3; do
    command -v "$tool" >/dev/null || { echo "docker-pull.sh: $tool is missing (apt-get install hyperfine docker.io python3)" >&2; exit 1; }
done
if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor harbor-sandbox)"
fi
bin_dir="$(cd "$bin_dir" && pwd)"

# Short: a unix socket path is limited to about 108 bytes, and containerd's live below exec/.
work="$(mktemp -d /tmp/hdp-XXXXXX)"
dockerd_pid=""
sandbox_pid=""
cleanup() {
    for pid in "$sandbox_pid" "$dockerd_pid"; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

echo '{}' > "$work/daemon.json"
dockerd --host "unix://$work/docker.sock" --data-root "$work/root" --exec-root "$work/exec" \
    --pidfile "$work/dockerd.pid" --config-file "$work/daemon.json" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs </dev/null >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$work/docker.sock" HOME="$work/home" DOCKER_CONFIG="$work/home/.docker"
unset XDG_CONFIG_HOME XDG_CACHE_HOME HARBOR_INSTANCE HARBOR_PROJECT HTTPS_PROXY https_proxy HTTP_PROXY http_proxy
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -s "$bin_dir/docker-harbor" "$DOCKER_CONFIG/cli-plugins/docker-harbor"
for _ in $(seq 450); do docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break; sleep 0.2; done
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || { echo "docker-pull.sh: dockerd did not start; its log ends:" >&2; tail -15 "$work/dockerd.log" >&2; exit 1; }

secret="Bench-secret-1"
printf '{"users":[{"username":"alice","secret":"%s"}],"projects":[{"name":"bench","members":[{"username":"alice","role":2}]}]}\n' "$secret" > "$work/fixture.json"
"$bin_dir/harbor-sandbox" --fixture "$work/fixture.json" --port 0 --ready-file "$work/ready.json" </dev/null >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 300); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
[ -s "$work/ready.json" ] || { echo "docker-pull.sh: the sandbox did not start:" >&2; cat "$work/sandbox.log" >&2; exit 1; }
host="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"])' "$work/ready.json")"

# Logged in as a user is (the plugin writes where docker reads), bench the current project.
printf "%s" "$secret" | docker harbor login "$host" -u alice --password-stdin -q --file-store 2>"$work/login.log" || { cat "$work/login.log" >&2; exit 1; }
docker harbor use "$host" bench >/dev/null

# The image: one 4 MiB layer of random bytes, imported, pushed to the sandbox, removed locally.
image="$host/bench/pull-bench:1"
mkdir -p "$work/rootfs"
head -c $((4 * 1048576)) /dev/urandom > "$work/rootfs/blob.bin"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
docker import "$work/rootfs.tar" "$image" >/dev/null
docker push -q "$image" >/dev/null
docker rmi -f "$image" >/dev/null

# Sanity: the short reference pulls that very image.
docker harbor pull -q pull-bench:1 > "$work/pulled.txt"
grep -qx "$image" "$work/pulled.txt" || { echo "docker-pull.sh: docker harbor pull pull-bench:1 pulled something else:" >&2; cat "$work/pulled.txt" >&2; exit 1; }

remove="docker rmi -f $image"
hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/absent.json" --prepare "$remove" \
    --command-name "docker pull $image (baseline, image absent)" "docker pull -q $image" \
    --command-name "docker harbor pull pull-bench:1 (image absent)" "docker harbor pull -q pull-bench:1" >/dev/null
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/present.json" \
    --command-name "docker pull $image (baseline, image present)" "docker pull -q $image" \
    --command-name "docker harbor pull pull-bench:1 (image present)" "docker harbor pull -q pull-bench:1" >/dev/null

python3 - "$work/absent.json" "$work/present.json" <<'PY'
import json, sys
print(f"{'command':78} {'median':>10} {'vs baseline':>12}")
for path in sys.argv[1:]:
    base, ours = json.load(open(path))["results"]
    for r in (base, ours):
        print(f"{r['command']:78} {r['median']*1000:7.1f} ms {r['median']/base['median']:10.2f}×")
    print(f"{'  plugin overhead':78} {(ours['median'] - base['median'])*1000:7.1f} ms")
PY
