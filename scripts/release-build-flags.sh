#!/usr/bin/env bash
# Prints the `swift build` flags of a release build. install.sh, the Helm plugin's install hook
# and benchmarks/ all build with them, so that what is measured is what is installed.
#
# - --static-swift-stdlib: the Swift runtime inside the binary; it starts in milliseconds and
#   runs without the toolchain.
# - Linux with glibc 2.36 or later, and the toolchain's own ld.lld: link with lld and pack the
#   relative relocations (DT_RELR). The binary's ~120,000 relocations shrink from 2.9 MB to
#   24 KB, which the dynamic loader no longer reads on every start: about 5 MiB less peak
#   memory for every command. Older glibc cannot load DT_RELR binaries, so they keep the default.
set -euo pipefail
flags="--static-swift-stdlib"
if [ "$(uname -s)" = Linux ] && command -v swift >/dev/null 2>&1; then
    toolchain_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
    glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
    major="${glibc%%.*}"
    minor="${glibc#*.}"
    minor="${minor%%.*}"
    if [ -x "$toolchain_bin/ld.lld" ] && [ -n "$glibc" ] && { [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 36 ]; }; }; then
        flags="$flags -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs"
    fi
fi
echo "$flags"
