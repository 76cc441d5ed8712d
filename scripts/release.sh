#!/usr/bin/env bash
# Builds a release of harbor-plugins for linux-amd64 and writes its artifacts to dist/ (or --out):
#
#   harbor-plugins-V-linux-amd64.tar.gz  the binaries (docker-harbor; helm-harbor and
#                                        docker-credential-harbor as links to it; harbor-sandbox),
#                                        install.sh, completions, the Helm plugin files, README
#   harbor-V.tgz                         the Helm plugin package with the prebuilt binary
#   harbor-V.tgz.prov                    its provenance (with --sign), as `helm plugin package --sign` writes it
#   SHA256SUMS                           sha256sum's format, over all of the above
#
# The binaries must run on glibc 2.35 and later: the script fails when one needs a newer symbol
# version or GLIBC_ABI_DT_RELR (packed relative relocations, which only glibc 2.36+ loads).
# Run scripts/release.sh --help for the options.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/release.sh [options]

Builds the release binaries once (swift build -c release, portable link flags) and writes the
release artifacts for linux-amd64.

Options:
  --version V            the version to release; must be the one the sources say
                         (HarborVersion.current and plugin.yaml). Default: that version
  --out DIR              where the artifacts go (default: dist/ in the repository)
  --sign KEY-NAME        sign the Helm plugin package with this key (a name or part of it,
                         as `helm plugin package --key` takes it) ...
  --keyring SECRING      ... from this legacy secret keyring (gpg --export-secret-keys >secring.gpg)
  --passphrase-file FILE the key's passphrase, if it has one (otherwise you are asked)
  --bin-dir DIR          package the binaries in DIR (docker-harbor, harbor-sandbox) instead of
                         building them; they are checked all the same
  -h, --help             show this help

Signing needs Helm 4 (for the provenance's plugin metadata, exactly as Helm writes it) and gpg:
$HELM_BIN, else Helm 4.3.1 from scripts/test-tools.sh, else a helm 4 on PATH.
USAGE
}

fail() { printf 'release.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

version=""
out=""
sign_key=""
keyring=""
passphrase_file=""
bin_dir=""
need_value() { [ "$2" -ge 2 ] || { echo "release.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case "$1" in
        --version) need_value "$1" $#; version="$2"; shift 2 ;;
        --version=*) version="${1#*=}"; shift ;;
        --out) need_value "$1" $#; out="$2"; shift 2 ;;
        --out=*) out="${1#*=}"; shift ;;
        --sign) need_value "$1" $#; sign_key="$2"; shift 2 ;;
        --sign=*) sign_key="${1#*=}"; shift ;;
        --keyring) need_value "$1" $#; keyring="$2"; shift 2 ;;
        --keyring=*) keyring="${1#*=}"; shift ;;
        --passphrase-file) need_value "$1" $#; passphrase_file="$2"; shift 2 ;;
        --passphrase-file=*) passphrase_file="${1#*=}"; shift ;;
        --bin-dir) need_value "$1" $#; bin_dir="$2"; shift 2 ;;
        --bin-dir=*) bin_dir="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "release.sh: unknown option '$1'" >&2; echo "Run scripts/release.sh --help for the options." >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$(pwd)/$1" ;; esac; }
out="$(absolute "${out:-$repo/dist}")"
[ -z "$bin_dir" ] || bin_dir="$(absolute "$bin_dir")"
[ -z "$keyring" ] || keyring="$(absolute "$keyring")"
[ -z "$passphrase_file" ] || passphrase_file="$(absolute "$passphrase_file")"
cd "$repo"

# 1. What is released, for what.
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] ||
    fail "release artifacts are built for linux-amd64 only, and this is $(uname -s) $(uname -m); elsewhere, install from source with ./install.sh"
source_version="$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/HarborCore/HarborVersion.swift)"
plugin_version="$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' plugin.yaml)"
[ -n "$source_version" ] || fail "cannot read the version from Sources/HarborCore/HarborVersion.swift"
[ "$plugin_version" = "$source_version" ] ||
    fail "plugin.yaml says version $plugin_version, Sources/HarborCore/HarborVersion.swift says $source_version: make them the same first"
version="${version:-$source_version}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
    fail "--version '$version' is not a version like 1.2.3"
[ "$version" = "$source_version" ] ||
    fail "--version $version, but the sources are version $source_version (the binaries print that): set it in Sources/HarborCore/HarborVersion.swift and plugin.yaml first"
if [ -n "$sign_key" ] || [ -n "$keyring" ]; then
    [ -n "$sign_key" ] && [ -n "$keyring" ] || fail "--sign KEY-NAME and --keyring SECRING go together"
    [ -f "$keyring" ] || fail "--keyring $keyring: no such file"
    command -v gpg >/dev/null 2>&1 || fail "signing needs gpg, which is not on PATH (apt-get install gnupg)"
fi
for tool in readelf objdump strip tar gzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is needed and not on PATH (readelf, objdump, strip: apt-get install binutils)"
done

helm4=""
if [ -n "$sign_key" ]; then
    is_helm4() { case "$("$1" version --short 2>/dev/null)" in v4.*) return 0 ;; *) return 1 ;; esac; }
    tools="${HARBOR_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/harbor-plugins/test-tools}"
    for candidate in "${HELM_BIN:-}" "$tools/helm-4.3.1/helm" "$(command -v helm 2>/dev/null || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && is_helm4 "$candidate"; then helm4="$candidate"; break; fi
    done
    [ -n "$helm4" ] || fail "signing needs Helm 4 (helm plugin package --sign): set HELM_BIN, or run scripts/test-tools.sh for Helm 4.3.1"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/harbor-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 2. The binaries: one release build. The flags are the release flags, made portable: no packed
#    relative relocations (-z pack-relative-relocs makes the binary need GLIBC_ABI_DT_RELR, glibc
#    2.36+). scripts/release-build-flags.sh --portable prints them; where that script does not know
#    --portable yet, the pack-relative-relocs pair is taken out here. Only link flags differ from
#    install.sh's build, so after ./install.sh this is a re-link, not a rebuild.
products=(docker-harbor harbor-sandbox)
if [ -z "$bin_dir" ]; then
    command -v swift >/dev/null 2>&1 || fail "the Swift toolchain (swift 6.x) is needed to build a release, and 'swift' is not on PATH"
    flags="$(bash scripts/release-build-flags.sh --portable)"
    flags="${flags//-Xlinker -z -Xlinker pack-relative-relocs/}"
    flags="$(printf '%s' "$flags" | tr -s ' ')"
    # Only -Xlinker flags may differ from install.sh's: anything else (a -Xswiftc flag) changes every
    # compile command, and this becomes a full release build instead of a re-link.
    compile_flags() { printf '%s\n' $1 | awk '$0=="-Xlinker" {skip=1; next} skip {skip=0; next} {print}' | tr '\n' ' '; }
    default_flags="$(bash scripts/release-build-flags.sh)"
    if [ "$(compile_flags "$flags")" != "$(compile_flags "$default_flags")" ]; then
        say "note: the portable flags ($flags) differ from install.sh's ($default_flags) beyond link flags: this compiles everything again"
    fi
    started=$(date +%s)
    for p in "${products[@]}"; do
        say "== swift build -c release $flags --product $p"
        # shellcheck disable=SC2086
        (swift build -c release $flags --product "$p" 2>&1 | tail -n 3) || fail "building $p failed; see the messages above"
    done
    # shellcheck disable=SC2086
    bin_dir="$(swift build -c release $flags --show-bin-path)"
    say "built in $(( $(date +%s) - started )) s: $bin_dir"
fi
for p in "${products[@]}"; do
    [ -x "$bin_dir/$p" ] || fail "$bin_dir/$p is missing or not executable"
done

# 3. Runs on glibc 2.35 and later? The dynamic symbol versions it needs (objdump -T) and the version
#    requirements it records (readelf -V): none newer than GLIBC_2.35, no GLIBC_ABI_DT_RELR.
glibc_floor=2.35
glibcxx_floor=3.4.30
newest_glibc=""
check_portable() { # check_portable BINARY
    local binary="$1" needs newest
    needs="$( { objdump -T "$binary"; readelf -V "$binary"; } 2>/dev/null | grep -o 'GLIBC_[A-Z0-9_.]*' | sort -u)"
    [ -n "$needs" ] || fail "$binary: neither objdump -T nor readelf -V lists a glibc symbol version; is it a dynamically linked Linux binary?"
    if grep -qx GLIBC_ABI_DT_RELR <<<"$needs" || readelf -d "$binary" | grep -q '(RELR)'; then
        fail "$binary needs GLIBC_ABI_DT_RELR (packed relative relocations), which only glibc 2.36+ loads: link it without -z pack-relative-relocs (scripts/release-build-flags.sh --portable)"
    fi
    newest="$(grep -E '^GLIBC_[0-9]+(\.[0-9]+)*$' <<<"$needs" | sed 's/^GLIBC_//' | sort -V | tail -n 1)"
    if [ "$(printf '%s\n%s\n' "$newest" "$glibc_floor" | sort -V | tail -n 1)" != "$glibc_floor" ]; then
        fail "$binary needs GLIBC_$newest, newer than GLIBC_$glibc_floor (the oldest glibc a release supports): $(objdump -T "$binary" | grep -E "GLIBC_$newest[^.0-9]" | awk '{print $NF}' | sort -u | head -n 5 | tr '\n' ' ')"
    fi
    # The C++ runtime the static Swift runtime links against: libstdc++ of GCC 12 (GLIBCXX_3.4.30),
    # the one glibc 2.35's distribution (Ubuntu 22.04) ships.
    local newest_cxx
    # None when libstdc++ is linked in statically (scripts/release-build-flags.sh).
    newest_cxx="$( (objdump -T "$binary" | grep -o 'GLIBCXX_[0-9][0-9.]*' || true) | sed 's/^GLIBCXX_//' | sort -uV | tail -n 1)"
    if [ -n "$newest_cxx" ] && [ "$(printf '%s\n%s\n' "$newest_cxx" "$glibcxx_floor" | sort -V | tail -n 1)" != "$glibcxx_floor" ]; then
        fail "$binary needs GLIBCXX_$newest_cxx, newer than GLIBCXX_$glibcxx_floor (libstdc++ of GCC 12, as on Ubuntu 22.04)"
    fi
    say "$(basename "$binary"): needs glibc $newest at most${newest_cxx:+ (libstdc++ GLIBCXX_$newest_cxx)}, no DT_RELR; libraries: $(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
    if [ -z "$newest_glibc" ] || [ "$(printf '%s\n%s\n' "$newest" "$newest_glibc" | sort -V | tail -n 1)" = "$newest" ]; then newest_glibc="$newest"; fi
}

# 4. The tarball's directory.
name="harbor-plugins-$version-linux-amd64"
stage="$work/$name"
mkdir -p "$stage/bin" "$stage/scripts"
for p in "${products[@]}"; do
    strip -o "$stage/bin/$p" "$bin_dir/$p"
    chmod 755 "$stage/bin/$p"
    check_portable "$stage/bin/$p"
done
# One binary answers to all three names (install.sh links them the same way).
ln -s docker-harbor "$stage/bin/helm-harbor"
ln -s docker-harbor "$stage/bin/docker-credential-harbor"
"$stage/bin/docker-harbor" version | grep -qx "docker-harbor $version" ||
    fail "the binary says '$("$stage/bin/docker-harbor" version 2>&1)', not docker-harbor $version"
install -m 755 install.sh "$stage/install.sh"
install -m 644 README.md plugin.yaml completion.yaml "$stage/"
install -m 755 plugin.complete "$stage/plugin.complete"
install -m 755 scripts/helm-plugin-install.sh "$stage/scripts/helm-plugin-install.sh"
cp -R completions "$stage/completions"
licence=""
for f in LICENSE LICENSE.md LICENSE.txt LICENCE COPYING; do
    if [ -f "$f" ]; then licence="$f"; install -m 644 "$f" "$stage/$f"; fi
done
[ -n "$licence" ] || say "warning: the repository has no licence file (LICENSE, COPYING), so the release carries none"

# Reproducible archives: the last commit's time on every entry, owner root, names sorted, no gzip timestamp.
epoch="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
archive() { # archive DIR OUT ENTRIES...: a ustar tar.gz of ENTRIES (relative to DIR), in that order
    local dir="$1" target="$2"
    shift 2
    tar -C "$dir" --format=ustar --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --sort=name -cf - "$@" | gzip -n > "$target"
}
mkdir -p "$work/out"
archive "$work" "$work/out/$name.tar.gz" "$name"

# 5. The Helm plugin package, harbor-V.tgz. Helm's installers disagree on the layout:
#    - Helm 3.x from a URL (pkg/plugin/installer/http_installer.go, v3.9.4 … v3.17.3) extracts the
#      archive and wants plugin.yaml at its top; it unpacks directories and regular files only;
#    - Helm 4 from a local .tgz (internal/plugin/installer/local_installer.go, v4) takes the
#      directory named after the plugin, harbor/, as `helm plugin package` writes it.
#    So the package holds both: harbor/ with everything (and the one copy of the binary, a regular
#    file named helm-harbor), and beside it plugin.yaml and the small files. Where Helm installs the
#    top, the install hook (scripts/helm-plugin-install.sh) moves harbor/bin/helm-harbor to bin/.
plugin="$work/helm/harbor"
mkdir -p "$plugin/bin" "$plugin/scripts"
install -m 644 plugin.yaml completion.yaml "$plugin/"
install -m 755 plugin.complete "$plugin/plugin.complete"
install -m 755 scripts/helm-plugin-install.sh "$plugin/scripts/helm-plugin-install.sh"
install -m 755 "$stage/bin/docker-harbor" "$plugin/bin/helm-harbor"
[ -z "$licence" ] || install -m 644 "$licence" "$plugin/$licence"
mkdir -p "$work/helm/scripts"
install -m 644 plugin.yaml completion.yaml "$work/helm/"
install -m 755 plugin.complete "$work/helm/plugin.complete"
install -m 755 scripts/helm-plugin-install.sh "$work/helm/scripts/helm-plugin-install.sh"
package="harbor-$version.tgz"
archive "$work/helm" "$work/out/$package" plugin.yaml completion.yaml plugin.complete scripts harbor

# 6. Its provenance (--sign): Helm's format (pkg/provenance/sign.go and internal/plugin/sign.go,
#    helm v4): a clearsigned message of the plugin's metadata as Helm marshals it, "...", and
#    `files: {harbor-V.tgz: sha256:…}`, signed with SHA-512. Helm only signs archives it makes
#    itself, so real Helm 4 packages and signs harbor/ (for the metadata block, byte for byte as it
#    writes it), the files entry is pointed at our package, and gpg signs that message with the same key.
if [ -n "$sign_key" ]; then
    passphrase_args=()
    [ -z "$passphrase_file" ] || passphrase_args=(--passphrase-file "$passphrase_file")
    mkdir -p "$work/helm-home" "$work/helm-signed"
    if ! HOME="$work/helm-home" "$helm4" plugin package "$plugin" --sign --key "$sign_key" --keyring "$keyring" \
        "${passphrase_args[@]}" -d "$work/helm-signed" >"$work/helm-package.log" 2>&1; then
        cat "$work/helm-package.log" >&2
        fail "helm plugin package --sign failed (output above)"
    fi
    helm_prov="$work/helm-signed/$package.prov"
    [ -f "$helm_prov" ] || fail "helm plugin package wrote no $package.prov: $(cat "$work/helm-package.log")"
    # The signed text: between the armor headers' blank line and the signature (the line ending
    # before "-----BEGIN PGP SIGNATURE-----" belongs to the armor, RFC 4880 §7.1).
    awk 'NR==1 && $0!="-----BEGIN PGP SIGNED MESSAGE-----" {exit 1}
         state==0 && $0=="" {state=1; next}
         state==1 && $0=="-----BEGIN PGP SIGNATURE-----" {exit}
         state==1 {print}' "$helm_prov" > "$work/message.helm" || fail "$helm_prov is not a clearsigned message"
    digest="$(sha256sum "$work/out/$package" | cut -d' ' -f1)"
    [ "$(grep -c "^  $package: sha256:[0-9a-f]\{64\}\$" "$work/message.helm")" = 1 ] ||
        fail "Helm's provenance has no single files entry for $package: $(cat "$work/message.helm")"
    sed "s|^  $package: sha256:[0-9a-f]\{64\}\$|  $package: sha256:$digest|" "$work/message.helm" > "$work/message"
    export GNUPGHOME="$work/gnupg"
    mkdir -m 700 "$GNUPGHOME"
    gpg --batch --quiet --import "$keyring" 2>"$work/gpg.log" || { cat "$work/gpg.log" >&2; fail "gpg cannot import the keys in $keyring"; }
    gpg_pass=()
    [ -z "$passphrase_file" ] || gpg_pass=(--pinentry-mode loopback --passphrase-file "$passphrase_file")
    # The message ends with a line break, and the armor adds one before the signature, as Helm's does.
    if ! gpg --batch --yes --quiet "${gpg_pass[@]}" --local-user "$sign_key" --digest-algo SHA512 \
        --output "$work/signed" --clearsign "$work/message" 2>"$work/gpg.log"; then
        cat "$work/gpg.log" >&2
        fail "gpg could not sign with '$sign_key' from $keyring"
    fi
    gpgconf --kill gpg-agent 2>/dev/null || true
    # Helm's armor (ProtonMail go-crypto) writes no CRC-24 line (RFC 9580 §6.1) and no final line break.
    awk '/^-----BEGIN PGP SIGNATURE-----$/ {sig=1} sig && /^=[A-Za-z0-9+\/][A-Za-z0-9+\/][A-Za-z0-9+\/][A-Za-z0-9+\/]$/ {next} {print}' "$work/signed" |
        head -c -1 > "$work/out/$package.prov"
    say "signed $package with '$sign_key'"
fi

# 7. Checksums, then everything into place at once.
(cd "$work/out" && sha256sum -- * > SHA256SUMS)
mkdir -p "$out"
for f in "$work/out"/*; do mv -f "$f" "$out/"; done
[ -n "$sign_key" ] || rm -f "$out/$package.prov"

say "== release $version for linux-amd64 (glibc $newest_glibc or later) in $out"
(cd "$out" && for f in "$name.tar.gz" "$package" "$package.prov" SHA256SUMS; do
    [ -f "$f" ] && printf '  %-48s %s\n' "$f" "$(du -h "$f" | cut -f1)"
done)
