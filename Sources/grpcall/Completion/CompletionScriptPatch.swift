import ArgumentParser

/// The completion scripts swift-argument-parser generates, taught that `call` is grpcall's
/// default subcommand: the generated scripts complete a subcommand's flags and arguments only
/// after its name, but grpcall's lines (`grpcall -plaintext host:port users.UserService/Get…`)
/// never name it. Each script gets a few lines at the top of its entry function that read a line
/// whose first word is not a subcommand (and that has a word after it, or a flag in it) as if
/// `call` stood after `grpcall`; everything else is the generator's.
enum CompletionScriptPatch {
  /// The subcommands a line may start with.
  static var subcommands: [String] {
    GRPCall.configuration.subcommands.map { $0._commandName } + ["help"]
  }

  /// The generated script for `shell`, patched; nil for a shell grpcall does not know.
  static func script(for shellName: String) -> String? {
    guard let shell = CompletionShell(rawValue: shellName) else { return nil }
    let script = GRPCall.completionScript(for: shell)
    switch shell {
    case .bash: return patchBash(script)
    case .zsh: return patchZsh(script)
    case .fish: return patchFish(script)
    default: return script
    }
  }

  static func patchBash(_ script: String) -> String {
    let anchor = "    local -r prev=\"${3}\"\n"
    let names = subcommands.joined(separator: "|")
    let insertion = """
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
                  if (( __grpcall_index > 0 )) && [[ "${__grpcall_trimmed}" == "${__grpcall_rest}" ]] \\
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
          if [[ "${COMP_CWORD}" -gt 1 || "${cur}" = -* ]] && [[ ! "${COMP_WORDS[1]}" =~ ^(\(names))$ ]]; then
              local -a __grpcall_words=("${COMP_WORDS[0]}" call "${COMP_WORDS[@]:1}")
              local -i __grpcall_cword="$((COMP_CWORD + 1))"
              local -a COMP_WORDS=("${__grpcall_words[@]}")
              local -i COMP_CWORD="${__grpcall_cword}"
          fi

      """
    return inserting(insertion, after: anchor, in: script)
  }

  static func patchZsh(_ script: String) -> String {
    let anchor = "    local -r command_name=\"${words[1]}\"\n"
    let names = subcommands.joined(separator: "|")
    let insertion = """
          # grpcall's default subcommand: a line not starting with a subcommand is call's.
          if (( CURRENT > 2 )) || [[ "${words[2]}" = -* ]]; then
              if [[ "${words[2]}" != (\(names)) ]]; then
                  words=("${words[1]}" call "${words[@]:1}")
                  (( CURRENT++ ))
              fi
          fi

      """
    return inserting(insertion, before: anchor, in: script)
  }

  static func patchFish(_ script: String) -> String {
    let anchor = "    set -l unparsed_tokens (__grpcall_tokens -pc)\n"
    let names = subcommands.joined(separator: " ")
    let insertion = """
          # grpcall's default subcommand: a line not starting with a subcommand is call's.
          if test (count $unparsed_tokens) -gt 1; or string match -q -- '-*' (commandline -ct)
              if not contains -- "$unparsed_tokens[2]" \(names)
                  set unparsed_tokens $unparsed_tokens[1] call $unparsed_tokens[2..]
              end
          end

      """
    // `commandline -tC` (the cursor's place in the current token) fails before fish 4 ("Can not
    // set commandline in non-interactive mode"), which leaves the completion call one argument
    // short; the token's length is the same place whenever the cursor ends the token.
    let cursorFunction = """
      function __grpcall_cursor_index_in_token
          string length -- (commandline -ct)
      end


      """
    let patched = inserting(insertion, after: anchor, in: script)
      .replacing("(__grpcall_tokens -tC)", with: "(__grpcall_cursor_index_in_token)")
    return inserting(cursorFunction, before: "function __grpcall_custom_completion\n", in: patched)
  }

  private static func inserting(_ text: String, after anchor: String, in script: String) -> String {
    guard let range = script.firstRange(of: anchor) else { return script }
    var patched = script
    patched.replaceSubrange(range, with: anchor + text)
    return patched
  }

  private static func inserting(_ text: String, before anchor: String, in script: String) -> String
  {
    guard let range = script.firstRange(of: anchor) else { return script }
    var patched = script
    patched.replaceSubrange(range, with: text + anchor)
    return patched
  }
}
