#!/usr/bin/env bash
# Shell completion through docker, measured in one run against baselines from the same run:
#
#   warm   one TAB through docker's cobra protocol with a warm cache,
#          `docker __complete harbor pull al`, against `docker __complete ''` (docker completing
#          its own commands, which already runs every plugin's metadata). Target: at most 2×.
#   cold   `docker-harbor __complete harbor pull ''` with an empty cache: 1,000 projects (ten
#          pages) listed from the local sandbox, credentials checked. Target: under 300 ms.
#
#   benchmarks/completion.sh [--bin-dir DIR] [--sandbox-bin PATH] [--runs N]
#
# Needs hyperfine, docker (the client), docker-registry and python3. Without --bin-dir it builds
# the release binaries as install.sh does (static Swift runtime); --sandbox-bin picks another
# harbor-sandbox (a debug build is slower, which only makes the cold figure conservative).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
sandbox_bin=""
runs=100
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --sandbox-bin) sandbox_bin="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--sandbox-bin PATH] [--runs N]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine docker python3; do
    command -v "$tool" >/dev/null || { echo "completion.sh: $tool is missing" >&2; exit 1; }
done

if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor $([ -n "$sandbox_bin" ] || echo harbor-sandbox))"
fi
sandbox_bin="${sandbox_bin:-$bin_dir/harbor-sandbox}"
work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A user with nothing but this plugin: HOME, docker config and caches inside $work.
export HOME="$work/home" DOCKER_CONFIG="$work/home/.docker"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME HARBOR_INSTANCE HARBOR_PROJECT
mkdir -p "$DOCKER_CONFIG/cli-plugins"
cp "$bin_dir/docker-harbor" "$DOCKER_CONFIG/cli-plugins/docker-harbor"

# The sandbox: alice is a member of 1,000 projects (al0000 … al0999) and of demo.
secret="Alice1234"
python3 - "$work/fixture.json" <<'PY'
import json, sys
projects = [{"name": "demo", "members": [{"username": "alice", "role": 2}]}]
projects += [{"name": f"al{i:04d}", "members": [{"username": "alice", "role": 2 if i % 2 else 3}]} for i in range(1000)]
json.dump({"users": [{"username": "alice", "secret": "Alice1234"}], "projects": projects}, open(sys.argv[1], "w"))
PY
"$sandbox_bin" --fixture "$work/fixture.json" --port 0 --ready-file "$work/ready.json" < /dev/null > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 300); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
host="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"])' "$work/ready.json")"

# The file store: completion reads the secret itself only from there (a credential helper such as
# pass could prompt, so a TAB never runs one), and this measures a cold completion too.
printf '%s' "$secret" | docker harbor login "$host" -u alice --password-stdin -q --file-store
docker harbor use "$host" demo >/dev/null

# Sanity: the TAB answers what a user expects before anything is timed.
cold_out="$(rm -rf "$HOME/.cache/harbor"; "$DOCKER_CONFIG/cli-plugins/docker-harbor" __complete harbor pull '')"
count="$(printf '%s\n' "$cold_out" | grep -c '^al[0-9]*/')"
[ "$count" = 1000 ] || { echo "completion.sh: cold completion offered $count of 1000 projects" >&2; printf '%s\n' "$cold_out" | tail -3 >&2; exit 1; }
warm_out="$(docker __complete harbor pull al0)"
printf '%s\n' "$warm_out" | grep -q '^al0999/' || { echo "completion.sh: warm completion did not offer al0999/" >&2; exit 1; }

hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/warm.json" \
    --command-name "docker __complete '' (baseline: no plugin completion)" "docker __complete ''" \
    --command-name "docker __complete harbor pull al (warm cache)" "docker __complete harbor pull al" >/dev/null

hyperfine -N --warmup 2 --runs "$(( runs < 30 ? runs : 30 ))" --export-json "$work/cold.json" \
    --prepare "rm -rf $HOME/.cache/harbor" \
    --command-name "docker-harbor __complete harbor pull '' (cold, 1,000 projects)" \
    "$DOCKER_CONFIG/cli-plugins/docker-harbor __complete harbor pull ''" >/dev/null

python3 - "$work/warm.json" "$work/cold.json" <<'PY'
import json, sys
warm = json.load(open(sys.argv[1]))["results"]
cold = json.load(open(sys.argv[2]))["results"][0]
base = warm[0]["median"]
print(f"{'command':62} {'median':>9} {'mean ± σ':>18} {'vs baseline':>12}")
for r in warm:
    print(f"{r['command']:62} {r['median']*1000:7.2f} ms {r['mean']*1000:8.2f} ± {r['stddev']*1000:5.2f} ms {r['median']/base:10.2f}×")
print(f"{cold['command']:62} {cold['median']*1000:7.2f} ms {cold['mean']*1000:8.2f} ± {cold['stddev']*1000:5.2f} ms")
ratio = warm[1]["median"] / base
print()
print(f"warm TAB / docker baseline: {ratio:.2f}× (target ≤ 2×): {'ok' if ratio <= 2 else 'OVER'}")
print(f"cold 1,000 projects: {cold['median']*1000:.0f} ms (target < 300 ms): {'ok' if cold['median'] < 0.3 else 'OVER'}")
PY
