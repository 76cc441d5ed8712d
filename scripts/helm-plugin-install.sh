#!/bin/sh
# Install/update hook for `helm plugin install <this repository>` (helm/helm cmd/helm/plugin.go
# v3.21.4, internal/plugin/runtime_subprocess.go `InvokeHook` v4.2.4).
# Helm runs it with sh -c after copying the plugin; cwd is the plugin directory.
# When install.sh or a release package installed the plugin, bin/helm-harbor is already there;
# only a plugin installed from a checkout (or a directory without the binary) is built here.
set -eu
# A release package (scripts/release.sh) has the plugin at its top for Helm 3's URL installer and
# again in harbor/ for Helm 4's .tgz installer, with the one binary in harbor/bin. Where Helm
# installed the top, the binary moves into place and the inner copy goes.
if [ ! -e bin/helm-harbor ] && [ -f harbor/plugin.yaml ] && [ -x harbor/bin/helm-harbor ]; then
    mkdir -p bin
    mv harbor/bin/helm-harbor bin/helm-harbor
    rm -rf harbor
fi
if [ -x bin/helm-harbor ] && bin/helm-harbor version >/dev/null 2>&1; then
    echo "helm-harbor $(bin/helm-harbor version | sed 's/^helm-harbor //') is ready."
    exit 0
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "helm-harbor: no prebuilt binary, and the Swift toolchain (swift 6) is not on PATH to build one." >&2
    echo "  Install Swift from https://www.swift.org/install/, then run: helm plugin update harbor" >&2
    echo "  or install from a checkout with: ./install.sh" >&2
    exit 1
fi
if [ ! -f Package.swift ]; then
    echo "helm-harbor: $(pwd) holds no Package.swift to build from; install from a checkout with ./install.sh" >&2
    exit 1
fi
echo "Building helm-harbor (release)…"
# The release flags install.sh uses (lld, a position-dependent link or packed relocations where
# glibc allows); the static runtime comes from Package.swift's release link settings.
release="$(bash scripts/release-build-flags.sh 2>/dev/null || true)"
if swift build -c release $release --product helm-harbor >/dev/null 2>&1; then :; else release=""; swift build -c release --product helm-harbor; fi
mkdir -p bin
cp "$(swift build -c release $release --show-bin-path)/helm-harbor" bin/helm-harbor.tmp && mv bin/helm-harbor.tmp bin/helm-harbor
echo "helm-harbor $(bin/helm-harbor version | sed 's/^helm-harbor //') is ready."
