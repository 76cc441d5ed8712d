#!/usr/bin/env bash
# Prints the `swift build` flags of a release build. install.sh, the Helm plugin's install hook
# and benchmarks/ all build with them, so that what is measured is what is installed.
#
# - --static-swift-stdlib: the Swift runtime inside the binary; it starts in milliseconds and
#   runs without the toolchain.
# - On Linux, when the toolchain's lld can link a static-runtime program with packed relative
#   relocations (DT_RELR) and that program runs here (glibc 2.36 or later loads DT_RELR): link
#   with lld and pack them. The binary's ~120,000 relocations shrink from 2.9 MB to 24 KB, which
#   the dynamic loader no longer reads on every start: about 5 MiB less peak memory for every
#   command. A probe program (a fraction of a second) decides; anything else keeps the default.
set -euo pipefail
flags="--static-swift-stdlib"
lld_flags="-Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs"
if [ "$(uname -s)" = Linux ] && command -v swiftc >/dev/null 2>&1; then
    probe="$(mktemp -d)"
    trap 'rm -rf "$probe"' EXIT
    printf 'print("ok")\n' > "$probe/main.swift"
    if (cd "$probe" && swiftc -static-stdlib -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs main.swift -o probe) >/dev/null 2>&1 \
        && [ "$("$probe/probe" 2>/dev/null)" = ok ]; then
        flags="$flags $lld_flags"
    fi
fi
echo "$flags"
