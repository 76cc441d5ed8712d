#!/usr/bin/env bash
# Installs docker-harbor (Docker CLI plugin), helm-harbor (Helm plugin) and their shell
# completions for the current user. No root needed. Run ./install.sh --help for options.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: ./install.sh [options]

Installs, for the current user (from a checkout it builds the release binaries first; from an
unpacked release, harbor-plugins-V-linux-amd64/, it takes the prebuilt ones in bin/):
  docker-harbor   into $DOCKER_CONFIG/cli-plugins        (default ~/.docker/cli-plugins)
  helm harbor     into $HELM_PLUGINS/harbor              (default ~/.local/share/helm/plugins/harbor)
  docker-credential-harbor  into PREFIX/bin              (a docker credential helper for pipelines)
  (one binary: helm-harbor and docker-credential-harbor are links to docker-harbor)
  completions     bash: $BASH_COMPLETION_USER_DIR/completions (default ~/.local/share/bash-completion)
                  zsh:  PREFIX/share/zsh/site-functions, plus a marked block in ~/.zshrc

Options:
  --prefix DIR      where shared files go (default ~/.local)
  --bin-dir DIR     install the binaries found in DIR instead of building them
  --from FILE|URL   install a release tarball (harbor-plugins-V-linux-amd64.tar.gz): check it
                    against the SHA256SUMS beside it first, then unpack and install it
  --sums FILE|URL   the SHA256SUMS to check --from against (default: the one beside it)
  --with-sandbox    also install harbor-sandbox (the local Harbor stand-in) into PREFIX/bin
  --no-modify-rc    do not add the completion block to ~/.zshrc
  --dry-run         say what would be done, change nothing
  --uninstall       remove exactly what an earlier install put in place
  -h, --help        show this help
USAGE
}

prefix="${HOME}/.local"
bin_dir=""
from=""
sums=""
with_sandbox=0
modify_rc=1
dry_run=0
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#*=}"; shift ;;
        --bin-dir) [ $# -ge 2 ] || { echo "install.sh: --bin-dir needs a directory" >&2; exit 2; }; bin_dir="$2"; shift 2 ;;
        --bin-dir=*) bin_dir="${1#*=}"; shift ;;
        --from) [ $# -ge 2 ] || { echo "install.sh: --from needs a release tarball (a file or an http(s) URL)" >&2; exit 2; }; from="$2"; shift 2 ;;
        --from=*) from="${1#*=}"; shift ;;
        --sums) [ $# -ge 2 ] || { echo "install.sh: --sums needs a SHA256SUMS file or URL" >&2; exit 2; }; sums="$2"; shift 2 ;;
        --sums=*) sums="${1#*=}"; shift ;;
        --with-sandbox) with_sandbox=1; shift ;;
        --no-modify-rc) modify_rc=0; shift ;;
        --dry-run) dry_run=1; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; echo "Run ./install.sh --help for the options." >&2; exit 2 ;;
    esac
done

case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# --from: a release tarball, checked against its SHA256SUMS, unpacked, and installed by the
# install.sh inside it (with the other options as given). Nothing is installed when a check fails.
if [ -n "$from" ]; then
    [ -z "$bin_dir" ] || { echo "install.sh: --from and --bin-dir exclude each other (the release brings its binaries)" >&2; exit 2; }
    [ "$uninstall" = 0 ] || { echo "install.sh: --uninstall needs no --from (it reads the install manifest)" >&2; exit 2; }
    release_fail() { echo "install.sh: $*" >&2; echo "  Nothing was installed." >&2; exit 1; }
    unpack="$(mktemp -d "${TMPDIR:-/tmp}/harbor-release.XXXXXX")"
    trap 'rm -rf "$unpack"' EXIT
    fetch() { # fetch FILE|URL TARGET
        case "$1" in
            http://*|https://*)
                if command -v curl >/dev/null 2>&1; then curl -fsSL --proto '=http,https' -o "$2" "$1"
                elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" "$1"
                else echo "install.sh: neither curl nor wget is installed to download $1; download it yourself and pass the file" >&2; return 1
                fi ;;
            *) [ -f "$1" ] || { echo "install.sh: $1: no such file" >&2; return 1; }; cp "$1" "$2" ;;
        esac
    }
    tarball_name="${from##*/}"
    tarball_name="${tarball_name%%[?#]*}"
    case "$tarball_name" in
        harbor-plugins-*-linux-amd64.tar.gz) ;;
        *) release_fail "--from $from is not a release tarball (harbor-plugins-VERSION-linux-amd64.tar.gz)" ;;
    esac
    if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
        release_fail "$tarball_name is for linux-amd64, and this is $(uname -s) $(uname -m); build from source instead: ./install.sh in a checkout"
    fi
    if [ -z "$sums" ]; then
        case "$from" in */*) sums="${from%/*}/SHA256SUMS" ;; *) sums="SHA256SUMS" ;; esac
    fi
    fetch "$from" "$unpack/$tarball_name" || release_fail "cannot read the release $from"
    fetch "$sums" "$unpack/SHA256SUMS" || release_fail "cannot read the checksums $sums (pass --sums FILE|URL)"
    expected="$(awk -v n="$tarball_name" '$2 == n || $2 == "*" n { print $1; exit }' "$unpack/SHA256SUMS")"
    [ -n "$expected" ] || release_fail "$sums lists no checksum for $tarball_name"
    if command -v sha256sum >/dev/null 2>&1; then actual="$(sha256sum "$unpack/$tarball_name" | cut -d' ' -f1)"
    else actual="$(shasum -a 256 "$unpack/$tarball_name" | cut -d' ' -f1)"; fi
    [ "$actual" = "$expected" ] ||
        release_fail "$tarball_name does not match its checksum in $sums (expected sha256 $expected, got $actual): a damaged or altered download"
    say() { printf '%s\n' "$*"; }
    say "$tarball_name: sha256 checksum OK ($sums)"
    mkdir "$unpack/release"
    tar -xzf "$unpack/$tarball_name" -C "$unpack/release" || release_fail "cannot unpack $tarball_name"
    inner="$unpack/release/${tarball_name%.tar.gz}"
    [ -f "$inner/install.sh" ] && [ -x "$inner/bin/docker-harbor" ] ||
        release_fail "$tarball_name holds no ${tarball_name%.tar.gz}/install.sh and bin/docker-harbor"
    pass=(--prefix "$prefix")
    [ "$with_sandbox" = 1 ] && pass+=(--with-sandbox)
    [ "$modify_rc" = 0 ] && pass+=(--no-modify-rc)
    [ "$dry_run" = 1 ] && pass+=(--dry-run)
    bash "$inner/install.sh" "${pass[@]}"
    exit $?
fi

# An unpacked release (scripts/release.sh) has the prebuilt binaries in bin/ and no sources.
if [ -z "$bin_dir" ] && [ ! -f "$source_dir/Package.swift" ] && [ -x "$source_dir/bin/docker-harbor" ]; then
    bin_dir="$source_dir/bin"
fi
docker_config="${DOCKER_CONFIG:-$HOME/.docker}"
docker_plugins="$docker_config/cli-plugins"
# HELM_PLUGINS may be a path list; the first entry is where Helm installs plugins.
helm_plugins="${HELM_PLUGINS:-${HELM_DATA_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/helm}/plugins}"
helm_plugins="${helm_plugins%%:*}"
helm_plugin_dir="$helm_plugins/harbor"
bash_completions="${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion}/completions"
zsh_functions="$prefix/share/zsh/site-functions"
zshrc="${ZDOTDIR:-$HOME}/.zshrc"
state_dir="${XDG_STATE_HOME:-$HOME/.local/state}/harbor"
manifest="$state_dir/install-manifest"
rc_begin="# >>> harbor-plugins completion >>>"
rc_end="# <<< harbor-plugins completion <<<"

say() { printf '%s\n' "$*"; }
run() {
    if [ "$dry_run" = 1 ]; then say "would run: $*"; else "$@"; fi
}

# Files and directories this install creates are recorded in the manifest, so that
# --uninstall removes exactly those and nothing else.
installed=()
created_dirs=()
make_dir() {
    local dir="$1" missing=() d="$1"
    while [ ! -d "$d" ]; do missing=("$d" "${missing[@]}"); d="$(dirname "$d")"; done
    for d in "${missing[@]}"; do
        run mkdir -m 700 "$d"
        created_dirs+=("$d")
    done
}
put_file() { # put_file SOURCE TARGET MODE
    make_dir "$(dirname "$2")"
    if [ "$dry_run" = 1 ]; then
        say "would install $2"
    else
        local tmp
        tmp="$(mktemp "$(dirname "$2")/.install.XXXXXX")"
        cat "$1" > "$tmp"
        chmod "$3" "$tmp"
        mv -f "$tmp" "$2"
    fi
    installed+=("$2")
}
put_binary() { # put_binary SOURCE TARGET: an executable, without its debug symbols when strip exists
    local source="$1"
    if [ "$dry_run" = 0 ] && command -v strip >/dev/null 2>&1; then
        local stripped
        stripped="$(mktemp)"
        if strip -o "$stripped" "$source" 2>/dev/null; then source="$stripped"; fi
        put_file "$source" "$2" 755
        rm -f "$stripped"
    else
        put_file "$source" "$2" 755
    fi
}

put_link() { # put_link TARGET LINK: LINK becomes a symbolic link to TARGET (the one binary)
    make_dir "$(dirname "$2")"
    if [ "$dry_run" = 1 ]; then
        say "would link $2 -> $1"
    else
        local tmp="$(dirname "$2")/.install.link.$$"
        ln -sfn "$1" "$tmp"
        mv -f "$tmp" "$2"
    fi
    installed+=("$2")
}

remove_rc_block() {
    [ -f "$zshrc" ] || return 0
    grep -qF "$rc_begin" "$zshrc" || return 0
    if [ "$dry_run" = 1 ]; then say "would remove the completion block from $zshrc"; return 0; fi
    local tmp
    tmp="$(mktemp "$(dirname "$zshrc")/.zshrc.XXXXXX")"
    awk -v b="$rc_begin" -v e="$rc_end" '$0==b{skip=1;next} $0==e{skip=0;next} !skip' "$zshrc" > "$tmp"
    chmod "$(stat -c %a "$zshrc" 2>/dev/null || stat -f %Lp "$zshrc")" "$tmp"
    mv -f "$tmp" "$zshrc"
    say "removed the completion block from $zshrc"
}

do_uninstall() {
    if [ ! -f "$manifest" ]; then
        say "Nothing to uninstall: no install manifest at $manifest."
        return 0
    fi
    local kind path dirs=()
    while IFS=$'\t' read -r kind path; do
        case "$kind" in
            file) if [ -e "$path" ] || [ -L "$path" ]; then run rm -f "$path"; say "removed $path"; fi ;;
            dir) dirs+=("$path") ;;
            rc) remove_rc_block ;;
            rc-created)
                remove_rc_block
                if [ -f "$path" ] && [ ! -s "$path" ]; then run rm -f "$path"; say "removed $path"; fi ;;
        esac
    done < "$manifest"
    run rm -f "$manifest"
    # Directories we created, deepest first, and only when empty.
    local i
    for ((i=${#dirs[@]}-1; i>=0; i--)); do
        if [ -d "${dirs[$i]}" ] && [ -z "$(ls -A "${dirs[$i]}")" ]; then run rmdir "${dirs[$i]}"; fi
    done
    say "Uninstalled harbor-plugins."
}

if [ "$uninstall" = 1 ]; then
    do_uninstall
    exit 0
fi

# 1. Binaries: build them, or take them from --bin-dir.
# One binary serves as docker-harbor, helm-harbor and docker-credential-harbor: it dispatches on
# the name it is started under, so the other two are symbolic links to it.
products=(docker-harbor)
[ "$with_sandbox" = 1 ] && products+=(harbor-sandbox)
if [ -n "$bin_dir" ]; then
    for p in "${products[@]}"; do
        [ -x "$bin_dir/$p" ] || { echo "install.sh: $bin_dir/$p is missing or not executable" >&2; exit 1; }
    done
    built="$bin_dir"
else
    if ! command -v swift >/dev/null 2>&1; then
        echo "install.sh: the Swift toolchain (swift 6.x) is needed to build the plugins, and 'swift' is not on PATH." >&2
        echo "  Install it from https://www.swift.org/install/ and run ./install.sh again," >&2
        echo "  or pass --bin-dir DIR with binaries built elsewhere." >&2
        exit 1
    fi
    [ -f "$source_dir/Package.swift" ] || { echo "install.sh: no Package.swift in $source_dir" >&2; exit 1; }
    # Static Swift runtime (start-up in milliseconds, no toolchain needed to run), and on Linux
    # with glibc >= 2.36 lld with packed relocations (less memory per command): see the script.
    static_flag="$(bash "$source_dir/scripts/release-build-flags.sh")"
    for p in "${products[@]}"; do
        say "Building $p (release)…"
        if [ "$dry_run" = 1 ]; then say "would run: swift build -c release $static_flag --product $p"; continue; fi
        if ! (cd "$source_dir" && swift build -c release $static_flag --product "$p" 2>&1 | tail -n 3); then
            echo "install.sh: building $p failed; see the messages above" >&2
            exit 1
        fi
    done
    built="$(cd "$source_dir" && swift build -c release $static_flag --show-bin-path 2>/dev/null || echo "$source_dir/.build/release")"
fi

# 2. Docker CLI plugin.
put_binary "$built/docker-harbor" "$docker_plugins/docker-harbor"

# 3. Helm plugin: plugin.yaml, completion.yaml, plugin.complete, the binary and the install hook.
put_file "$source_dir/plugin.yaml" "$helm_plugin_dir/plugin.yaml" 644
put_file "$source_dir/completion.yaml" "$helm_plugin_dir/completion.yaml" 644
put_file "$source_dir/plugin.complete" "$helm_plugin_dir/plugin.complete" 755
put_file "$source_dir/scripts/helm-plugin-install.sh" "$helm_plugin_dir/scripts/helm-plugin-install.sh" 755
put_link "$docker_plugins/docker-harbor" "$helm_plugin_dir/bin/helm-harbor"

# 3b. Docker credential helper for pipelines: docker finds docker-credential-harbor on PATH
#     when config.json maps a host to it ("credHelpers": {"HOST": "harbor"}).
put_link "$docker_plugins/docker-harbor" "$prefix/bin/docker-credential-harbor"

# 4. Optional sandbox.
if [ "$with_sandbox" = 1 ]; then
    put_binary "$built/harbor-sandbox" "$prefix/bin/harbor-sandbox"
fi

# 5. Completions. Ours complete the standalone docker-harbor/helm-harbor commands; `docker harbor`
#    and `helm harbor` are completed by docker's and helm's own completion, which call the
#    plugins. Where the user has no docker completion yet, install docker's own.
put_file "$source_dir/completions/bash/harbor-plugins.bash" "$bash_completions/docker-harbor" 644
put_file "$source_dir/completions/bash/harbor-plugins.bash" "$bash_completions/helm-harbor" 644
put_file "$source_dir/completions/zsh/_harbor-plugins" "$zsh_functions/_harbor-plugins" 644
have_completion() { # have_completion NAME: a bash-completion file for NAME that is not ours?
    local d
    [ -f "$manifest" ] && grep -qxF "file	$bash_completions/$1" "$manifest" && return 1
    for d in "$bash_completions" /usr/share/bash-completion/completions /usr/local/share/bash-completion/completions /etc/bash_completion.d; do
        [ -e "$d/$1" ] && return 0
    done
    return 1
}
for tool in docker helm; do
    if command -v "$tool" >/dev/null 2>&1 && ! have_completion "$tool"; then
        script="$(mktemp)"
        if "$tool" completion bash > "$script" 2>/dev/null && [ -s "$script" ]; then
            put_file "$script" "$bash_completions/$tool" 644
        fi
        if "$tool" completion zsh > "$script" 2>/dev/null && [ -s "$script" ]; then
            put_file "$script" "$zsh_functions/_$tool" 644
        fi
        rm -f "$script"
    fi
done
rc_added=0
rc_kind=rc
if [ -f "$manifest" ] && grep -q "^rc-created	" "$manifest"; then rc_kind=rc-created; fi
if [ "$modify_rc" = 1 ]; then
    if [ -f "$zshrc" ] && grep -qF "$rc_begin" "$zshrc"; then
        rc_added=1
    elif [ -f "$zshrc" ] || command -v zsh >/dev/null 2>&1; then
        if [ "$dry_run" = 1 ]; then
            say "would add a completion block to $zshrc"
        else
            [ -f "$zshrc" ] || rc_kind=rc-created
            {
                printf '%s\n' "$rc_begin"
                printf 'fpath=(%q $fpath)\n' "$zsh_functions"
                printf '%s\n' "if (( \$+functions[compdef] )); then autoload -Uz _harbor-plugins; compdef _harbor-plugins docker-harbor helm-harbor; fi"
                printf '%s\n' "$rc_end"
            } >> "$zshrc"
        fi
        rc_added=1
    fi
fi

# 6. The manifest, for --uninstall.
make_dir "$state_dir"
if [ "$dry_run" = 0 ]; then
    old_dirs=()
    if [ -f "$manifest" ]; then
        while IFS=$'\t' read -r kind path; do [ "$kind" = dir ] && old_dirs+=("$path"); done < "$manifest"
    fi
    tmp="$(mktemp "$state_dir/.manifest.XXXXXX")"
    {
        for d in "${old_dirs[@]}" "${created_dirs[@]}"; do printf 'dir\t%s\n' "$d"; done | awk '!seen[$0]++'
        for f in "${installed[@]}"; do printf 'file\t%s\n' "$f"; done
        [ "$rc_added" = 1 ] && printf '%s\t%s\n' "$rc_kind" "$zshrc"
    } > "$tmp"
    mv -f "$tmp" "$manifest"
fi

say ""
say "Installed harbor-plugins $("$built/docker-harbor" version 2>/dev/null | sed 's/^docker-harbor //' || echo "")"
say "  docker plugin:  $docker_plugins/docker-harbor"
say "  helm plugin:    $helm_plugin_dir"
say "  credential helper: $prefix/bin/docker-credential-harbor"
say "  completions:    $bash_completions, $zsh_functions"
[ "$with_sandbox" = 1 ] && say "  sandbox:        $prefix/bin/harbor-sandbox"
[ "$rc_added" = 1 ] && say "  zsh:            completion block in $zshrc"
say "  (remove it all with: ./install.sh --uninstall)"
say ""
say "Next, log in to your Harbor with your username and the CLI secret from its UI (User Profile):"
say "  docker harbor use CUSTOMER PKEY      # registry-CUSTOMER.devops.t-systems.net, project PKEY"
say "  docker harbor login -u USERNAME      # for docker and Helm alike"
if [ "$with_sandbox" = 1 ]; then
    say "No Harbor at hand? Start the local sandbox; it prints a user, a secret and what to run:"
    case ":$PATH:" in
        *":$prefix/bin:"*) say "  harbor-sandbox --demo" ;;
        *) say "  $prefix/bin/harbor-sandbox --demo     (add $prefix/bin to PATH to type just harbor-sandbox)" ;;
    esac
    # The sandbox keeps images and charts in the CNCF registry (Debian's docker-registry, which
    # harbor-sandbox runs from /usr/bin unless HARBOR_SANDBOX_REGISTRY names another binary).
    # As root it is installed here the way scripts/test-tools.sh installs packages; else the
    # command to run is printed.
    if [ -z "${HARBOR_SANDBOX_REGISTRY:-}" ] && [ ! -x /usr/bin/docker-registry ]; then
        if [ "$(id -u)" = 0 ] && [ "$dry_run" = 1 ]; then
            say "  would run: apt-get update && apt-get install -y --no-install-recommends docker-registry"
        elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "  It stores images in the CNCF registry; installing it: apt-get install docker-registry"
            if DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -qq docker-registry >/dev/null \
                && [ -x /usr/bin/docker-registry ]; then
                say "  docker-registry installed."
            else
                say "  Installing docker-registry failed (see apt-get's messages above); run:"
                say "  apt-get update && apt-get install docker-registry"
            fi
        else
            say "  It stores images in the CNCF registry, which is not installed here; first run:"
            say "  sudo apt-get install docker-registry"
        fi
    fi
fi
