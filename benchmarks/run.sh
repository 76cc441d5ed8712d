#!/usr/bin/env bash
# Runs the benchmarks and writes benchmarks/README.md: the machine, the exact commands, each
# benchmark's medians and its ratios against the baseline measured in the same run.
#
#   benchmarks/run.sh [NAME...]     NAME: startup completion login-vs-docker chart-push
#                                         logout-with-helper install-size docker-pull (default: all)
#
# As root it first installs what is missing (scripts/test-tools.sh: the tests' tools, docker.io,
# Helm, hyperfine; then valgrind, linux-perf and curl); otherwise it says what to install. It
# builds the release binary twice: as install.sh does (scripts/release-build-flags.sh) and as a
# portable release artifact is linked (--portable); start-up and TAB are measured for both, the
# rest for the install build. With NAMEs, only those run and the report goes to standard output
# (benchmarks/README.md is written by a full run only). docker-pull needs root (it starts dockerd).
set -euo pipefail
cd "$(dirname "$0")/.."
all=(startup completion login-vs-docker chart-push logout-with-helper install-size docker-pull)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
for name in "${names[@]}"; do
    case " ${all[*]} " in *" $name "*) ;; *) echo "run.sh: no benchmark '$name' (one of: ${all[*]})" >&2; exit 2 ;; esac
done

# 1. Tools.
extras=(valgrind curl time)
if apt-cache show linux-perf >/dev/null 2>&1; then extras+=(linux-perf); fi
missing=()
for p in "${extras[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ "$(id -u)" = 0 ]; then
    scripts/test-tools.sh
    if [ ${#missing[@]} -gt 0 ]; then
        echo "run.sh: apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
elif [ ${#missing[@]} -gt 0 ] || ! command -v hyperfine >/dev/null; then
    echo "run.sh: tools are missing. As root, run: scripts/test-tools.sh && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

# 2. The two builds.
echo "run.sh: building (release, install flags and portable flags)"
install_bin="$(benchmarks/release-build.sh docker-harbor harbor-sandbox)"
portable_bin="$(benchmarks/release-build.sh --portable docker-harbor)"
cp -f "$install_bin/harbor-sandbox" "$portable_bin/harbor-sandbox"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() { # section-file command...: appends the command and its output to the section
    local file="$1" rc=0; shift
    echo "run.sh: $*" >&2
    "$@" > "$out/last.txt" 2>&1 || rc=$?
    cat "$out/last.txt" >&2
    # hyperfine's advice about outliers and caches is for a terminal, not for the report.
    { echo '```'; echo "\$ $*" | sed "s#$PWD/##g"; grep -v -e '^  Warning: ' -e '^ $' "$out/last.txt" | sed "s#$PWD/##g"; [ "$rc" = 0 ] || echo "(exit status $rc)"; echo '```'; echo; } >> "$file"
    return "$rc"
}
section() { # name: runs the benchmark's script(s) into $out/NAME.md
    local file="$out/$1.md" rc=0 links
    case "$1" in
        startup)
            run "$file" benchmarks/startup.sh --bin-dir "$install_bin" --label "install: $(scripts/release-build-flags.sh)" || rc=1
            run "$file" benchmarks/startup.sh --bin-dir "$portable_bin" --label "portable: $(scripts/release-build-flags.sh --portable)" || rc=1 ;;
        completion)
            echo "install build:" >> "$file"; echo >> "$file"
            run "$file" benchmarks/completion.sh --bin-dir "$install_bin" || rc=1
            echo "portable build:" >> "$file"; echo >> "$file"
            run "$file" benchmarks/completion.sh --bin-dir "$portable_bin" || rc=1 ;;
        chart-push)
            # helm-harbor is docker-harbor under another name, as install.sh links it.
            links="$(mktemp -d)"
            ln -s "$install_bin/docker-harbor" "$links/helm-harbor"
            ln -s "$install_bin/harbor-sandbox" "$links/harbor-sandbox"
            run "$file" benchmarks/chart-push.sh --bin-dir "$links" || rc=1
            rm -rf "$links" ;;
        *) run "$file" "benchmarks/$1.sh" --bin-dir "$install_bin" || rc=1 ;;
    esac
    return "$rc"
}
status=0
for name in "${names[@]}"; do section "$name" || { status=1; echo "run.sh: $name failed" >&2; }; done

# 3. The README.
version() { "$@" 2>/dev/null | head -1 || echo "not installed"; }
tools="${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}"
titles=(
    "startup=Start-up: docker-cli-plugin-metadata vs a trivial Swift program"
    "completion=TAB through docker: warm vs docker's own completion; cold"
    "login-vs-docker=docker harbor login vs docker login"
    "chart-push=helm harbor push vs helm push and curl -T (1, 10, 90 MiB)"
    "logout-with-helper=logout with a credential helper vs start-up"
    "install-size=Install size: one binary and two links vs three copies"
    "docker-pull=docker harbor pull vs docker pull (real dockerd)"
)
{
    echo "# Benchmarks"
    echo
    echo "Written by \`benchmarks/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ', with uncommitted changes'))."
    echo "Every figure is a median, and every ratio is against a baseline measured in the same run on the"
    echo "same machine. Run one benchmark with \`benchmarks/run.sh NAME\`; each script also runs alone"
    echo "(\`benchmarks/NAME.sh --help\`-style usage in its header)."
    echo
    echo "## Machine"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') |"
    echo "| cores | $(nproc) (shared with other work: wall times are noisier than callgrind's counts) |"
    echo "| kernel | $(uname -sr) |"
    echo "| glibc | $(ldd --version 2>/dev/null | head -1 | sed 's/^ldd //') |"
    echo "| OS | $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") |"
    echo "| Swift | $(version swift --version 2>&1) |"
    echo "| docker | $(version docker --version) |"
    echo "| dockerd | $(version dockerd --version) |"
    echo "| Helm | $(version "$tools/helm-4.3.1/helm" version --short) |"
    echo "| hyperfine | $(version hyperfine --version) |"
    echo "| valgrind | $(version valgrind --version) |"
    echo "| perf | $(version perf --version) |"
    echo "| curl | $(version curl --version) |"
    echo
    echo "## Builds"
    echo
    echo "- install: \`swift build -c release $(scripts/release-build-flags.sh)\` (what install.sh builds)"
    echo "- portable: \`swift build -c release $(scripts/release-build-flags.sh --portable)\` (release artifacts: glibc 2.35+, no DT_RELR)"
    for name in "${names[@]}"; do
        for t in "${titles[@]}"; do [ "${t%%=*}" = "$name" ] && title="${t#*=}"; done
        echo
        echo "## $title"
        echo
        echo "\`benchmarks/$name.sh\`: $(sed -n '2s/^# //p' "benchmarks/$name.sh")"
        echo
        cat "$out/$name.md"
    done
} > "$out/README.md"
if [ $# -eq 0 ]; then
    cp "$out/README.md" benchmarks/README.md
    echo "run.sh: wrote benchmarks/README.md"
else
    cat "$out/README.md"   # a partial run leaves benchmarks/README.md as it was
fi
exit "$status"
