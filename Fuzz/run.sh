#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses in Fuzz/Targets.
#
#   Fuzz/run.sh                     every fuzzer, until interrupted or libFuzzer's own limits
#   Fuzz/run.sh NAME [-runs=N ...]  one fuzzer; further arguments go to libFuzzer
#   Fuzz/run.sh -runs=N             every fuzzer, N runs each
#   Fuzz/run.sh NAME FILE...        reproduce: run the fuzzer once on each FILE (a crash artifact)
#   Fuzz/run.sh --smoke             every fuzzer a fixed number of runs (CI); non-zero on a crash
#   Fuzz/run.sh --build [NAME]      only build
#   Fuzz/run.sh --list              the names
#
# Each harness is compiled with swiftc, not SwiftPM: the harness plus exactly the source files it
# needs, as one module, with -sanitize=fuzzer,address. That keeps SwiftNIO and the rest of the
# package out of the sanitized build (and out of .build). Binaries, the corpora libFuzzer grows
# and crash artifacts live in .build-fuzz/ (git-ignored); only the seed corpora in
# Fuzz/Corpus/NAME are committed, and libFuzzer only reads them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${FUZZ_BUILD_DIR:-$root/.build-fuzz}
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
# The toolchain's own clang (libyaml's C sources): its sanitizer runtime is the one swiftc links.
clang=${CLANG:-$(dirname "$(readlink -f "$swiftc")")/clang}

# Runs per fuzzer in --smoke: about ten seconds each on a shared 2-core machine.
smoke_runs=${FUZZ_SMOKE_RUNS:-20000}

all_targets=(reference configjson authconfig rfc3339 httpdate challenge proxy harborjson chartarchive completionwords)

# Every harness but `challenge` imports HarborCore, which is built once as a sanitized static
# library (.build-fuzz/modules). A target's other sources are compiled together with its harness
# as one module, so the harness also sees their `internal` declarations.
core_sources() { echo Sources/HarborCore/*.swift; }

# The source files of each target besides its harness and HarborCore; none may import NIO.
sources() {
    case $1 in
        reference | rfc3339 | httpdate) ;;
        configjson | authconfig)
            echo Sources/HarborCredentials/{JSONParser,JSONDocument,JSONNode,JSONSyntaxError,DockerConfigContents,DockerAuthConfigVariable,RegistryHostKey,StoredCredential,CredentialFileError}.swift
            ;;
        challenge) echo Sources/HarborRegistry/Transport/AuthenticationChallenge.swift ;;
        proxy) echo Sources/HarborRegistry/Transport/{ProxySelection,ProxyServer,IPAddress}.swift ;;
        # Every model file: those that import neither NIO nor the transport (the client does).
        harborjson) grep -L -E '^import (NIO|HarborRegistry|AsyncHTTPClient)|HarborAPIClient|ProjectLister' Sources/HarborAPI/*.swift ;;
        # The archive reader and what it needs, without the upload engine (NIO, the transport,
        # the API client); Crypto is the shim in Fuzz/Shims.
        chartarchive) grep -L -E '^import (NIO|HarborRegistry|HarborAPI|AsyncHTTPClient)|ChartPushError|ChartPusher|PluginPusher|RegistryUploader|MountSourceFinder' Sources/HarborCharts/*.swift ;;
        # The word walk and pflag's flag rules, without ArgumentParser (the tree is the harness's).
        completionwords) echo Sources/HarborCommands/completion/{CompletionWords,FlagSet}.swift Sources/HarborCompletion/CompletionCandidate.swift ;;
        *) return 1 ;;
    esac
}

# Modules a target links besides HarborCore, built sanitized once (.build-fuzz/modules).
needs_yams() { [[ $1 == chartarchive ]]; }

uses_core() { [[ $1 != challenge && $1 != completionwords ]]; }

harness() {
    case $1 in
        reference) echo Fuzz/Targets/ReferenceFuzz.swift ;;
        configjson) echo Fuzz/Targets/ConfigJSONFuzz.swift ;;
        authconfig) echo Fuzz/Targets/AuthConfigFuzz.swift ;;
        rfc3339) echo Fuzz/Targets/RFC3339Fuzz.swift ;;
        httpdate) echo Fuzz/Targets/HTTPDateFuzz.swift ;;
        challenge) echo Fuzz/Targets/ChallengeFuzz.swift ;;
        proxy) echo Fuzz/Targets/ProxyFuzz.swift ;;
        harborjson) echo Fuzz/Targets/HarborJSONFuzz.swift ;;
        chartarchive) echo Fuzz/Targets/ChartArchiveFuzz.swift ;;
        completionwords) echo Fuzz/Targets/CompletionWordsFuzz.swift ;;
        *) return 1 ;;
    esac
}

# Only the targets whose harness exists.
available() {
    local name
    for name in "${all_targets[@]}"; do
        [[ -f $(harness "$name") ]] && echo "$name"
    done
}

# Whether $1 is missing or older than any of the other arguments.
stale() {
    local target=$1 f
    shift
    [[ -e $target ]] || return 0
    for f in "$@"; do [[ $f -nt $target ]] && return 0; done
    return 1
}

# One package name for every module built here, as SwiftPM gives the package's modules: what the
# harnesses reach is `package` access (the tests reach it the same way).
flags=(-parse-as-library -sanitize=fuzzer,address -O -g -package-name harbor_plugins)

build_core() {
    local lib=$out/modules/libHarborCore.a files
    files=($(core_sources))
    stale "$lib" "${files[@]}" || return 0
    mkdir -p "$out/modules"
    echo "fuzz: building HarborCore (${#files[@]} files)" >&2
    "$swiftc" "${flags[@]}" -module-name HarborCore -emit-module -emit-module-path "$out/modules/HarborCore.swiftmodule" \
        -emit-library -static -o "$lib" "${files[@]}"
}

# Yams (jpsim/Yams, the version Package.swift pins, from SwiftPM's checkout) with its libyaml
# (CYaml), and the `Crypto` shim: for the chart archive reader.
yams_dir() {
    local dir=$root/.build/checkouts/Yams
    if [[ ! -d $dir/Sources/Yams ]]; then
        echo "fuzz: resolving packages for Yams' sources (swift package resolve)" >&2
        swift package resolve >&2
    fi
    echo "$dir"
}

build_yams() {
    local dir lib=$out/modules/libYams.a c_files swift_files objects=() c
    dir=$(yams_dir)
    c_files=("$dir"/Sources/CYaml/src/*.c)
    swift_files=("$dir"/Sources/Yams/*.swift)
    stale "$lib" "${c_files[@]}" "${swift_files[@]}" Fuzz/Shims/CryptoSHA256.swift || return 0
    mkdir -p "$out/modules/cyaml"
    echo "fuzz: building Yams (${#c_files[@]} C and ${#swift_files[@]} Swift files) and the Crypto shim" >&2
    for c in "${c_files[@]}"; do
        "$clang" -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$dir/Sources/CYaml/include" \
            -c "$c" -o "$out/modules/cyaml/$(basename "$c" .c).o"
        objects+=("$out/modules/cyaml/$(basename "$c" .c).o")
    done
    "$swiftc" "${flags[@]}" -D SWIFT_PACKAGE -module-name Yams -emit-module -emit-module-path "$out/modules/Yams.swiftmodule" \
        -Xcc -DYAML_DECLARE_STATIC -I "$dir/Sources/CYaml/include" -emit-library -static -o "$out/modules/libYamsSwift.a" "${swift_files[@]}"
    "$swiftc" "${flags[@]}" -module-name Crypto -emit-module -emit-module-path "$out/modules/Crypto.swiftmodule" \
        -emit-library -static -o "$out/modules/libCrypto.a" Fuzz/Shims/CryptoSHA256.swift
    rm -f "$lib.tmp" && ar rcs "$lib.tmp" "${objects[@]}" && mv "$lib.tmp" "$lib"
}

build() {
    local name=$1 binary=$out/$1 files extra=()
    files=("$(harness "$name")" $(sources "$name"))
    if needs_yams "$name"; then
        build_core
        build_yams
        extra=(-I "$out/modules" -L "$out/modules" -lHarborCore -lYamsSwift -lYams -lCrypto
            -Xcc -DYAML_DECLARE_STATIC -I "$(yams_dir)/Sources/CYaml/include" -I Sources/CZlib -lz)
        stale "$binary" "${files[@]}" "$out/modules/libHarborCore.a" "$out/modules/libYams.a" || return 0
    elif uses_core "$name"; then
        build_core
        extra=(-I "$out/modules" -L "$out/modules" -lHarborCore)
        stale "$binary" "${files[@]}" "$out/modules/libHarborCore.a" || return 0
    else
        stale "$binary" "${files[@]}" || return 0
    fi
    mkdir -p "$out"
    echo "fuzz: building $name (${#files[@]} files)" >&2
    "$swiftc" "${flags[@]}" -use-ld=lld -module-name "Fuzz_$name" "${extra[@]}" "${files[@]}" -o "$binary.tmp"
    mv "$binary.tmp" "$binary"
}

run() {
    local name=$1
    shift
    build "$name"
    mkdir -p "$out/corpus/$name" "$out/artifacts/$name"
    if [[ ${#inputs[@]} != 0 ]]; then
        # Reproduce: run the given inputs once each, no fuzzing.
        SWIFT_BACKTRACE=enable=no "$out/$name" "$@" "${inputs[@]}"
        return
    fi
    echo "fuzz: running $name $*" >&2
    # Swift's own backtracer trips over ASan's stack checks; libFuzzer prints the stack itself.
    # The grown corpus comes first: libFuzzer writes new inputs there, never into the seeds.
    SWIFT_BACKTRACE=enable=no "$out/$name" -artifact_prefix="$out/artifacts/$name/" -print_final_stats=1 "$@" \
        "$out/corpus/$name" "Fuzz/Corpus/$name"
}

mode=run
names=()
args=()
inputs=()
for arg in "$@"; do
    case $arg in
        --smoke) mode=smoke ;;
        --build) mode=build ;;
        --list) available; exit 0 ;;
        -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) args+=("$arg") ;;
        *)
            if [[ -f $arg ]]; then inputs+=("$arg"); continue; fi
            harness "$arg" >/dev/null || { echo "fuzz: no fuzzer named '$arg' (have: $(available | tr '\n' ' '))" >&2; exit 2; }
            names+=("$arg")
            ;;
    esac
done
[[ ${#names[@]} == 0 ]] && mapfile -t names < <(available)

case $mode in
    build)
        for name in "${names[@]}"; do build "$name"; done
        ;;
    run)
        for name in "${names[@]}"; do run "$name" ${args[@]+"${args[@]}"}; done
        ;;
    smoke)
        # Build everything first so a compile error fails before any time is spent fuzzing.
        for name in "${names[@]}"; do build "$name"; done
        failed=()
        for name in "${names[@]}"; do
            start=$SECONDS
            # A fresh grown corpus each time: the smoke must not depend on earlier local runs.
            rm -rf "$out/corpus/$name"
            if run "$name" -runs="$smoke_runs" -max_len=4096 -timeout=10 ${args[@]+"${args[@]}"} >"$out/$name.smoke.log" 2>&1; then
                echo "fuzz: $name ok ($smoke_runs runs, $((SECONDS - start)) s)"
            else
                echo "fuzz: $name FAILED; log: $out/$name.smoke.log" >&2
                grep -E 'ERROR|Fatal error|Precondition|SUMMARY|artifact' "$out/$name.smoke.log" | head -20 >&2 || true
                failed+=("$name")
            fi
        done
        if [[ ${#failed[@]} != 0 ]]; then
            echo "fuzz: failed: ${failed[*]}" >&2
            exit 1
        fi
        ;;
esac
