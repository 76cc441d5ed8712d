# bash completion for docker-harbor and helm-harbor run as commands of their own.
# (`docker harbor …` and `helm harbor …` are completed by docker's and helm's own completion,
# which ask the plugins the same way.) install.sh installs this file once per command name,
# so that bash-completion finds it on demand.
#
# Both binaries answer cobra's protocol: `__complete WORDS… CURRENT` prints one candidate per
# line (value, optionally TAB description) and a last line `:DIRECTIVE`.

_harbor_plugins_complete() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${COMP_WORDS[COMP_CWORD]}
    fi
    local command=${words[0]}
    local -a request=(__complete)
    [[ ${command##*/} == docker-harbor ]] && request+=(harbor)
    request+=("${words[@]:1:cword-1}" "$cur")

    local out
    out=$("$command" "${request[@]}" 2>/dev/null) || return 0
    local directive=${out##*:}
    [[ $directive == +([0-9]) ]] || directive=0
    out=${out%:*}

    COMPREPLY=()
    local line
    while IFS= read -r line; do
        [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
    done <<< "$out"

    (( directive & 1 )) && { COMPREPLY=(); return 0; }
    # 8: the candidates are file extensions (chart archives: tgz); 16: directories only.
    if (( directive & 8 )); then
        local filter
        filter=$(IFS='|'; printf '%s' "${COMPREPLY[*]}")
        COMPREPLY=()
        if declare -F _filedir >/dev/null; then
            _filedir "$filter"
        else
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(shopt -s extglob; compgen -f -X "!*.@($filter)" -- "$cur"; compgen -d -- "$cur")
        fi
        return 0
    fi
    if (( directive & 16 )); then
        COMPREPLY=()
        if declare -F _filedir >/dev/null; then _filedir -d; else compopt -o dirnames 2>/dev/null; fi
        return 0
    fi
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    if (( ${#COMPREPLY[@]} == 0 )) && (( !(directive & 4) )); then
        compopt -o default 2>/dev/null
    fi
    declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
    return 0
}

complete -F _harbor_plugins_complete docker-harbor helm-harbor
