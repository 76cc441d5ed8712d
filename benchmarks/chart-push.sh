#!/usr/bin/env bash
# Pushing a large chart: `helm-harbor push` against real `helm push` (Helm 4.3.1) and `curl -T`
# of the chart blob (POST + monolithic PUT, the floor any client can reach), in the same run,
# against the same local harbor-sandbox. Each run pushes to a fresh project, so every client
# uploads every byte (no blob is found by HEAD). Reports wall time, throughput and peak RSS
# (/usr/bin/time -v) and the ratios the issue asks for. curl runs without `Expect: 100-continue`
# (which would add a 1 s wait), so that it is the fastest plain upload.
#
#   benchmarks/chart-push.sh [--bin-dir DIR] [--runs N] [--size-mib M[,M...]]
#
# The chart: M MiB (default 1, 10 and 90, one measurement each) of incompressible files (random
# bytes, each under Helm's 5 MiB file limit, the whole under its 100 MiB limit), packaged with
# tar+gzip as `helm package` lays it out.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
links=""
runs=3
size_mib=1,10,90
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --size-mib) size_mib="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--runs N] [--size-mib M]" >&2; exit 2 ;;
    esac
done
tools="${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}"
helm="$tools/helm-4.3.1/helm"
[ -x "$helm" ] || { echo "chart-push.sh: Helm 4.3.1 is missing at $helm" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "chart-push.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
command -v curl >/dev/null || { echo "chart-push.sh: curl is missing" >&2; exit 1; }

if [ -z "$bin_dir" ]; then
    built="$(benchmarks/release-build.sh docker-harbor harbor-sandbox)"
    bin_dir="$(mktemp -d)"
    links="$bin_dir"
    # One binary: helm-harbor is docker-harbor under another name, as install.sh links it.
    ln -s "$built/docker-harbor" "$bin_dir/helm-harbor"
    ln -s "$built/harbor-sandbox" "$bin_dir/harbor-sandbox"
fi
# Several sizes: one run of this script per size, with the same binaries.
if [ "${size_mib#*,}" != "$size_mib" ]; then
    status=0
    for size in ${size_mib//,/ }; do
        "$0" --bin-dir "$bin_dir" --runs "$runs" --size-mib "$size" || status=1
        echo
    done
    rm -rf ${links:+"$links"}
    exit "$status"
fi
work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
    rm -rf "$work" ${links:+"$links"}
}
trap cleanup EXIT

# The chart.
mkdir -p "$work/chart/big/files"
printf 'apiVersion: v2\nname: big\nversion: 1.0.0\ndescription: incompressible benchmark chart\n' > "$work/chart/big/Chart.yaml"
file_kib=$(( size_mib * 1024 < 4608 ? size_mib * 1024 : 4608 ))
count=$(( size_mib * 1024 / file_kib ))
for i in $(seq 1 "$count"); do head -c "$(( file_kib * 1024 ))" /dev/urandom > "$work/chart/big/files/blob-$i.bin"; done
tar -C "$work/chart" -czf "$work/big-1.0.0.tgz" big
chart="$work/big-1.0.0.tgz"
bytes=$(stat -c %s "$chart")

# The sandbox, with one fresh project and one user per client and run: a user sees only its own
# project, so helm-harbor cannot find the chart elsewhere on the instance and mount it (which is
# measured separately, below, as a promotion from one project to another).
users=""
projects=""
for client in ours helm curl; do
    for run in $(seq 1 "$runs"); do
        users="$users{\"username\":\"$client$run\",\"secret\":\"Bench-secret-1\"},"
        projects="$projects{\"name\":\"$client$run\",\"members\":[{\"username\":\"$client$run\",\"role\":2}]},"
    done
done
users="$users{\"username\":\"promoter\",\"secret\":\"Bench-secret-1\"}"
projects="$projects{\"name\":\"dev\",\"members\":[{\"username\":\"promoter\",\"role\":2}]},"
for run in $(seq 1 "$runs"); do
    projects="$projects{\"name\":\"prod$run\",\"members\":[{\"username\":\"promoter\",\"role\":2}]},"
done
printf '{"users":[%s],"projects":[%s]}\n' "$users" "${projects%,}" > "$work/fixture.json"
"$bin_dir/harbor-sandbox" --fixture "$work/fixture.json" --port 0 --ready-file "$work/ready.json" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 300); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
host=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"])' "$work/ready.json")

export HELM_CONFIG_HOME="$work/helm-config" HELM_CACHE_HOME="$work/helm-cache" HELM_DATA_HOME="$work/helm-data"
export HARBOR_CONFIG_DIR="$work/harbor-config"

measure() { # name run command...
    local name="$1" run="$2"; shift 2
    /usr/bin/time -v -o "$work/time-$name-$run.txt" "$@" > "$work/out-$name-$run.txt" 2>&1 \
        || { echo "chart-push.sh: $name run $run failed:" >&2; cat "$work/out-$name-$run.txt" >&2; exit 1; }
}

curl_push() { # project
    local location digest
    digest="sha256:$(sha256sum "$chart" | cut -d' ' -f1)"
    location=$(curl -sS -u "$1:Bench-secret-1" -X POST -o /dev/null -D - "http://$host/v2/$1/big/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    case "$location" in http*) ;; *) location="http://$host$location" ;; esac
    case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
    curl -sS -f -u "$1:Bench-secret-1" -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$chart" "$location" -o /dev/null
}
export -f curl_push
export chart host

for run in $(seq 1 "$runs"); do
    # A fresh cache each time: the record of where blobs were pushed must not turn a run into a mount.
    XDG_CACHE_HOME="$work/cache-ours$run" HARBOR_INSTANCE="$host" HARBOR_USERNAME="ours$run" HARBOR_CLI_SECRET=Bench-secret-1 \
        measure ours "$run" "$bin_dir/helm-harbor" push --quiet "$chart" "http://$host/ours$run"
    measure helm "$run" "$helm" push "$chart" "oci://$host/helm$run" --plain-http --username "helm$run" --password Bench-secret-1
    measure curl "$run" bash -c "curl_push curl$run"
done
# Promotion: the chart pushed to dev once, then to prod1…prodN, mounted from dev (no upload).
export XDG_CACHE_HOME="$work/cache-promoter" HARBOR_INSTANCE="$host" HARBOR_USERNAME=promoter HARBOR_CLI_SECRET=Bench-secret-1
"$bin_dir/helm-harbor" push --quiet "$chart" "http://$host/dev" > "$work/out-dev.txt" 2>&1 \
    || { echo "chart-push.sh: pushing to dev failed:" >&2; cat "$work/out-dev.txt" >&2; exit 1; }
for run in $(seq 1 "$runs"); do
    measure promote "$run" "$bin_dir/helm-harbor" push --format json "$chart" "http://$host/prod$run"
    grep -q '"mounted"' "$work/out-promote-$run.txt" || { echo "chart-push.sh: the promotion to prod$run was not a mount:" >&2; cat "$work/out-promote-$run.txt" >&2; exit 1; }
done
unset XDG_CACHE_HOME HARBOR_INSTANCE HARBOR_USERNAME HARBOR_CLI_SECRET

python3 - "$work" "$runs" "$bytes" <<'PY'
import re, statistics, sys
work, runs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def read(name, run):
    text = open(f"{work}/time-{name}-{run}.txt").read()
    wall = text.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss
rows = {}
for name in ("ours", "helm", "curl", "promote"):
    samples = [read(name, r) for r in range(1, runs + 1)]
    wall = statistics.median(s for s, _ in samples)
    rows[name] = (wall, size / wall / 1048576, max(r for _, r in samples) / 1024)
labels = {"ours": "helm-harbor push", "helm": "helm push (Helm 4.3.1)", "curl": "curl -T (blob only)", "promote": "promotion (mount)"}
print(f"chart: {size / 1048576:.1f} MiB compressed, {runs} runs each, median wall time, peak RSS over the runs")
print(f"{'client':26} {'wall':>8} {'MiB/s':>8} {'peak RSS':>10}")
for name, (wall, rate, rss) in rows.items():
    print(f"{labels[name]:26} {wall:7.2f}s {rate:8.1f} {rss:7.1f} MiB")
print(f"throughput vs helm push: {rows['ours'][1] / rows['helm'][1]:.2f}x (goal >= 1.0)")
print(f"throughput vs curl:      {rows['ours'][1] / rows['curl'][1]:.2f}x (goal >= 0.8)")
print(f"peak RSS: {rows['ours'][2]:.1f} MiB vs helm push {rows['helm'][2]:.1f} MiB (goal < 40 MiB and below helm push)")
print(f"promotion (mounted, nothing uploaded) vs a full push: {rows['promote'][0] / rows['ours'][0]:.2f}x the wall time")
PY
