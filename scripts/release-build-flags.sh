#!/usr/bin/env bash
# Prints the `swift build` flags of a release build. install.sh, the Helm plugin's install hook
# and benchmarks/ build with the default mode, so that what is measured is what is installed;
# release artifacts are built with --portable.
#
#   scripts/release-build-flags.sh             for this machine (install.sh)
#   scripts/release-build-flags.sh --portable  for another machine: glibc 2.35 or later, no DT_RELR
#
# Both modes:
# - The Swift runtime inside the binary: Package.swift's release link settings (-static-stdlib at
#   the link only, so that the tests' release build reuses these modules); it starts in
#   milliseconds and runs without the toolchain. Not SwiftPM's --static-swift-stdlib, which also
#   compiles every module against the static runtime, where swift-testing's module does not exist.
# - The C++ runtime (libstdc++), the unwinder (libgcc_eh for libgcc_s) and zlib linked in too,
#   when their static archives are installed (libstdc++-12-dev, which the toolchain needs, and
#   zlib1g-dev): the dynamic loader then maps only libc and libm. Loading libstdc++.so.6 on every
#   start is most of what a static-stdlib Swift program costs before main (its relocations and
#   symbol lookups; callgrind: 2.1 M instructions for `print("x")`, 0.5 M without), and docker
#   starts this plugin for every `docker --help` and twice per TAB. The toolchain's
#   static-stdlib-args.lnk names -lstdc++ before any -Xlinker flag, so a directory that offers the
#   archives under the shared libraries' names must come first in the library search path: that
#   is .build/static-link/, made (or emptied, where a program does not link and run that way) here,
#   and searched by the plugins' release links (Package.swift's linker settings, a swiftc -L).
# - -Xlinker --no-export-dynamic: static-stdlib-args.lnk exports every symbol of the executable to
#   the dynamic symbol table (tens of thousands of Swift symbols), which the loader hashes and
#   which dladdr scans linearly; nothing looks them up.
# - -Xlinker --no-pie: a position-dependent executable, as Go builds docker and helm on linux/amd64.
#   A position-independent one carries ~124,000 relative relocations (Swift metadata, witness
#   tables, vtables: 1.1 MB of .data.rel.ro and .data) that the loader applies on every start,
#   copying every page it writes. callgrind, `docker-harbor docker-cli-plugin-metadata`: 1.8 M
#   instructions and 465 page faults as PIE, 0.2 M and 71 without; wall 1.8x a trivial Swift
#   program as PIE, 0.4x without. The cost: the executable's own code and data sit at a fixed
#   address (libraries, stack, heap and mmap stay randomised). Only where a program so linked runs.
# - lld when the toolchain's lld can link a static-runtime program (it ships with the toolchain).
#
# Default mode only, and only where --no-pie cannot be used: when that program also links with
# packed relative relocations (DT_RELR) and runs here (glibc 2.36 or later loads DT_RELR), pack them. The binary's ~120,000 relocations
# shrink from 2.9 MB to 24 KB, which the loader no longer reads on every start: about 5 MiB less
# peak memory for every command. --portable never packs them (glibc 2.35 cannot load DT_RELR), and
# no flag here raises the glibc symbol versions the binary needs.
# All of these but lld (in both modes) are link flags: only the link commands differ between modes.
set -euo pipefail
mode=install
case "${1:-}" in
    "") ;;
    --portable) mode=portable ;;
    *) echo "usage: $0 [--portable]" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
flags=""
if [ "$(uname -s)" = Linux ] && command -v swiftc >/dev/null 2>&1; then
    probe="$(mktemp -d)"
    trap 'rm -rf "$probe"' EXIT
    printf 'print("ok")\n' > "$probe/main.swift"
    links() { # swiftc flags... : does a static-runtime program link with them, and run?
        rm -f "$probe/probe"
        (cd "$probe" && swiftc -static-stdlib "$@" main.swift -o probe) >/dev/null 2>&1 && [ "$("$probe/probe" 2>/dev/null)" = ok ]
    }
    # The static archives under the names the link asks for; only those the compiler can find.
    clang="$(dirname "$(command -v swiftc)")/clang"
    [ -x "$clang" ] || clang="$(command -v clang || command -v gcc || true)"
    static="$root/.build/static-link"
    mkdir -p "$static"
    for pair in libstdc++.so=libstdc++.a libgcc_s.so=libgcc_eh.a libz.so=libz.a; do
        archive=""
        [ -n "$clang" ] && archive="$("$clang" -print-file-name="${pair#*=}" 2>/dev/null || true)"
        if [ -n "$archive" ] && [ "${archive#/}" != "$archive" ] && [ -f "$archive" ]; then
            ln -sfn "$archive" "$static/${pair%%=*}"
        else
            rm -f "$static/${pair%%=*}"
        fi
    done
    if [ -e "$static/libstdc++.so" ] && ! links -L "$static"; then
        rm -f "$static"/*.so
    fi
    flags="-Xlinker --no-export-dynamic"
    lld=""
    if links -use-ld=lld; then lld="-use-ld=lld"; fi
    nopie=""
    # shellcheck disable=SC2086
    if links $lld -Xlinker --no-pie; then nopie=1; flags="$flags -Xlinker --no-pie"; fi
    if [ -n "$lld" ]; then
        flags="$flags -Xswiftc -use-ld=lld"
        # A position-dependent executable has no relative relocations to pack.
        if [ "$mode" = install ] && [ -z "$nopie" ] && links -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs; then
            flags="$flags -Xlinker -z -Xlinker pack-relative-relocs"
        fi
    fi
fi
echo "${flags# }"
