#!/usr/bin/env bash
# `docker harbor login` against `docker login`, in the same run, against a local sandbox Harbor,
# for the three cases a user meets first (issue 7): a good login to a plain-HTTP loopback
# registry, a refused port, and a TLS server whose CA is not trusted. Prints each median and the
# ratio to docker's; the goal is at most 3× in every case.
#
#   benchmarks/login-vs-docker.sh [--bin-dir DIR] [--sandbox FILE] [--runs N]
#
# Needs hyperfine, docker (the CLI only; no engine), docker-registry (the sandbox's backend) and
# the Swift toolchain. Without --bin-dir it builds docker-harbor as install.sh does (release,
# static Swift runtime); the sandbox is the server for both clients, so a debug build does
# (default: DIR/harbor-sandbox, else `swift build --product harbor-sandbox`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
sandbox=""
runs=20
while [ $# -gt 0 ]; do
    case "$1" in
        --bin-dir) bin_dir="$2"; shift 2 ;;
        --sandbox) sandbox="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--bin-dir DIR] [--sandbox FILE] [--runs N]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine docker python3; do
    command -v "$tool" >/dev/null || { echo "login-vs-docker.sh: $tool is missing" >&2; exit 1; }
done
if [ -z "$bin_dir" ]; then
    bin_dir="$(benchmarks/release-build.sh docker-harbor)"
fi
bin_dir="$(cd "$bin_dir" && pwd)"
if [ -z "$sandbox" ]; then
    if [ -x "$bin_dir/harbor-sandbox" ]; then
        sandbox="$bin_dir/harbor-sandbox"
    else
        swift build --product harbor-sandbox >/dev/null
        sandbox="$(swift build --show-bin-path)/harbor-sandbox"
    fi
fi

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -n "${GNUPGHOME:-}" ] && gpgconf --kill gpg-agent 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# docker finds the plugin in $DOCKER_CONFIG/cli-plugins, as after install.sh.
export DOCKER_CONFIG="$work/docker"
export HOME="$work/home"
mkdir -p "$DOCKER_CONFIG/cli-plugins" "$HOME"
ln -s "$bin_dir/docker-harbor" "$DOCKER_CONFIG/cli-plugins/docker-harbor"
unset HTTPS_PROXY https_proxy HTTP_PROXY http_proxy NO_PROXY no_proxy SSL_CERT_FILE

# Where docker-credential-pass is installed, docker (and so docker harbor login) stores into pass:
# give both a ready pass store with a throwaway key, as a user who ran `pass init` has, so that
# both logins succeed and pay for the same helper.
if command -v docker-credential-pass >/dev/null && command -v pass >/dev/null && command -v gpg >/dev/null; then
    export GNUPGHOME="$work/gnupg" PASSWORD_STORE_DIR="$work/password-store"
    mkdir -m 700 -p "$GNUPGHOME"
    gpg --batch --quiet --passphrase '' --quick-gen-key "login benchmark <bench@example.invalid>" default default never 2>/dev/null
    pass init "$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')" >/dev/null
fi

secret="BenchSecret1"
printf '%s\n' "$secret" > "$work/secret"
printf '{"users":[{"username":"alice","secret":"%s"}],"projects":[{"name":"bench","members":[{"username":"alice","role":2}]}]}\n' "$secret" > "$work/fixture.json"

# Not in a $(…) subshell: the pid must reach this shell's list, or the cleanup misses it.
start_sandbox() { # name, extra args...; sets started_host
    local name="$1"; shift
    "$sandbox" --fixture "$work/fixture.json" --ready-file "$work/$name.json" "$@" >"$work/$name.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 300); do [ -s "$work/$name.json" ] && break; sleep 0.1; done
    [ -s "$work/$name.json" ] || { echo "the $name sandbox did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
    started_host="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"])' "$work/$name.json")"
}
start_sandbox plain
plain_host="$started_host"
start_sandbox tls --tls --ca-out "$work/ca.crt"
tls_host="$started_host"
refused_host="127.0.0.1:9"   # the discard port: nothing listens on loopback

login() { # tool, host
    if [ "$1" = harbor ]; then
        echo "docker harbor login $2 -u alice --password-stdin --docker-only -q < $work/secret"
    else
        echo "docker login $2 -u alice --password-stdin < $work/secret"
    fi
}

hyperfine --warmup 2 --runs "$runs" -i --export-json "$work/login.json" \
    --command-name "docker login: plain-HTTP loopback" "$(login docker "$plain_host")" \
    --command-name "docker harbor login: plain-HTTP loopback" "$(login harbor "$plain_host")" \
    --command-name "docker login: refused port" "$(login docker "$refused_host")" \
    --command-name "docker harbor login: refused port" "$(login harbor "$refused_host")" \
    --command-name "docker login: untrusted TLS" "$(login docker "$tls_host")" \
    --command-name "docker harbor login: untrusted TLS" "$(login harbor "$tls_host")" >/dev/null

# What each command answered (the failures must be the expected ones, not something faster).
for host in "$plain_host" "$refused_host" "$tls_host"; do
    status=0; docker harbor login "$host" -u alice --password-stdin --docker-only -q < "$work/secret" >/dev/null 2>"$work/err" || status=$?
    echo "docker harbor login $host: exit $status $(head -1 "$work/err")"
done
echo

python3 - "$work/login.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{'case':32} {'docker login':>14} {'docker harbor login':>20} {'ratio':>8}")
worst = 0
for docker, harbor in zip(results[0::2], results[1::2]):
    case = docker["command"].split(": ", 1)[1]
    ratio = harbor["median"] / docker["median"]
    worst = max(worst, ratio)
    print(f"{case:32} {docker['median']*1000:11.1f} ms {harbor['median']*1000:17.1f} ms {ratio:7.2f}×")
print(f"\nworst ratio {worst:.2f}× (goal: at most 3×)")
PY
