#!/bin/bash

__grpcall_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__grpcall_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__grpcall_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__grpcall_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_grpcall() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"
    # A real bash splits words at the ':' of COMP_WORDBREAKS, so host:port arrives as three
    # words; glue back what no space separates (as bash-completion's
    # __reassemble_comp_words_by_ref does) so the address reaches grpcall whole.
    if [[ "${COMP_WORDBREAKS}" == *:* ]]; then
        local -a __grpcall_joined=()
        local -i __grpcall_joined_cword=0 __grpcall_index __grpcall_last
        local __grpcall_rest="${COMP_LINE}" __grpcall_word __grpcall_trimmed
        for (( __grpcall_index = 0; __grpcall_index < ${#COMP_WORDS[@]}; __grpcall_index++ )); do
            __grpcall_word="${COMP_WORDS[__grpcall_index]}"
            __grpcall_trimmed="${__grpcall_rest##+([[:space:]])}"
            __grpcall_last=$(( ${#__grpcall_joined[@]} - 1 ))
            if (( __grpcall_index > 0 )) && [[ "${__grpcall_trimmed}" == "${__grpcall_rest}" ]] \
                && [[ "${__grpcall_word}" == :* || "${__grpcall_joined[__grpcall_last]}" == *: ]]; then
                __grpcall_joined[__grpcall_last]+="${__grpcall_word}"
            else
                __grpcall_joined+=("${__grpcall_word}")
            fi
            __grpcall_rest="${__grpcall_trimmed#"${__grpcall_word}"}"
            if (( __grpcall_index == COMP_CWORD )); then
                __grpcall_joined_cword=$(( ${#__grpcall_joined[@]} - 1 ))
            fi
        done
        local -a COMP_WORDS=("${__grpcall_joined[@]}")
        local -i COMP_CWORD="${__grpcall_joined_cword}"
    fi
    # grpcall's default subcommand: a line not starting with a subcommand is call's.
    if [[ "${COMP_CWORD}" -gt 1 || "${cur}" = -* ]] && [[ ! "${COMP_WORDS[1]}" =~ ^(call|convert|test|help)$ ]]; then
        local -a __grpcall_words=("${COMP_WORDS[0]}" call "${COMP_WORDS[@]:1}")
        local -i __grpcall_cword="$((COMP_CWORD + 1))"
        local -a COMP_WORDS=("${__grpcall_words[@]}")
        local -i COMP_CWORD="${__grpcall_cword}"
    fi

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(-h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __grpcall_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    call|convert|test|help)
        # Offer subcommand argument completions
        "_grpcall_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'call convert test help' -- "${cur}"))
        ;;
    esac
}

_grpcall_call() {
    repeating_flags=(-v)
    non_repeating_flags=(-plaintext --plaintext -insecure --insecure -unix --unix -no-cache --no-cache -use-reflection --use-reflection -expand-headers --expand-headers --show-secrets -allow-unknown-fields --allow-unknown-fields -emit-defaults --emit-defaults --proto-names --compact -format-error --format-error -version --version -msg-template --msg-template --watch -h --help)
    repeating_options=(-proto --proto -import-path --import-path -protoset --protoset -H -rpc-header --rpc-header -reflect-header --reflect-header)
    non_repeating_options=(-cacert --cacert -cert --cert -key --key -authority --authority -servername --servername -user-agent --user-agent -connect-timeout --connect-timeout --compress -max-time --max-time -keepalive-time --keepalive-time -max-msg-sz --max-msg-sz -protoset-out --protoset-out -proto-out-dir --proto-out-dir -d -format --format --output -color --color --wait)
    __grpcall_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-cacert'|'--cacert')
        return
        ;;
    '-cert'|'--cert')
        return
        ;;
    '-key'|'--key')
        return
        ;;
    '-authority'|'--authority')
        return
        ;;
    '-servername'|'--servername')
        return
        ;;
    '-user-agent'|'--user-agent')
        return
        ;;
    '-connect-timeout'|'--connect-timeout')
        return
        ;;
    '--compress')
        return
        ;;
    '-max-time'|'--max-time')
        return
        ;;
    '-keepalive-time'|'--keepalive-time')
        return
        ;;
    '-max-msg-sz'|'--max-msg-sz')
        return
        ;;
    '-proto'|'--proto')
        return
        ;;
    '-import-path'|'--import-path')
        return
        ;;
    '-protoset'|'--protoset')
        return
        ;;
    '-protoset-out'|'--protoset-out')
        return
        ;;
    '-proto-out-dir'|'--proto-out-dir')
        return
        ;;
    '-H')
        return
        ;;
    '-rpc-header'|'--rpc-header')
        return
        ;;
    '-reflect-header'|'--reflect-header')
        return
        ;;
    '-d')
        return
        ;;
    '-format'|'--format')
        return
        ;;
    '--output')
        return
        ;;
    '-color'|'--color')
        __grpcall_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--wait')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __grpcall_add_completions -W "$(__grpcall_custom_complete ---completion call -- positional@0 "${COMP_CWORD}" "$(__grpcall_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_grpcall_convert() {
    repeating_flags=()
    non_repeating_flags=(-no-cache --no-cache -use-reflection --use-reflection -emit-defaults --emit-defaults --proto-names -allow-unknown-fields --allow-unknown-fields --compact -h --help)
    repeating_options=(-proto --proto -import-path --import-path -protoset --protoset)
    non_repeating_options=(-protoset-out --protoset-out -proto-out-dir --proto-out-dir -color --color -type --type -from --from -to --to)
    __grpcall_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-proto'|'--proto')
        return
        ;;
    '-import-path'|'--import-path')
        return
        ;;
    '-protoset'|'--protoset')
        return
        ;;
    '-protoset-out'|'--protoset-out')
        return
        ;;
    '-proto-out-dir'|'--proto-out-dir')
        return
        ;;
    '-color'|'--color')
        __grpcall_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '-type'|'--type')
        __grpcall_add_completions -W "$(__grpcall_custom_complete ---completion convert -- -type "${COMP_CWORD}" "$(__grpcall_cursor_index_in_current_word)")"
        return
        ;;
    '-from'|'--from')
        __grpcall_add_completions -W 'json'$'\n''binary'$'\n''text'
        return
        ;;
    '-to'|'--to')
        __grpcall_add_completions -W 'json'$'\n''binary'$'\n''text'
        return
        ;;
    esac
}

_grpcall_test() {
    repeating_flags=()
    non_repeating_flags=(--fail-fast -v -h --help)
    repeating_options=(--var)
    non_repeating_options=(-color --color --junit --parallel --wait-for)
    __grpcall_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-color'|'--color')
        __grpcall_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--var')
        return
        ;;
    '--junit')
        return
        ;;
    '--parallel')
        return
        ;;
    '--wait-for')
        return
        ;;
    esac
}

_grpcall_help() {
    :
}

complete -o filenames -F _grpcall grpcall