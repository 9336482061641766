function __grpcall_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __grpcall_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __grpcall_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __grpcall_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __grpcall_parse_tokens -S
    set -l unparsed_tokens (__grpcall_tokens -pc)
    # grpcall's default subcommand: a line not starting with a subcommand is call's.
    if test (count $unparsed_tokens) -gt 1; or string match -q -- '-*' (commandline -ct)
        if not contains -- "$unparsed_tokens[2]" call convert test help
            set unparsed_tokens $unparsed_tokens[1] call $unparsed_tokens[2..]
        end
    end
    switch $unparsed_tokens[1]
    case 'grpcall'
        __grpcall_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'call'
            __grpcall_parse_subcommand -r 1 'plaintext' 'insecure' 'cacert=' 'cert=' 'key=' 'authority=' 'servername=' 'user-agent=' 'connect-timeout=' 'compress=' 'unix' 'max-time=' 'keepalive-time=' 'max-msg-sz=' 'proto=+' 'import-path=+' 'protoset=+' 'protoset-out=' 'proto-out-dir=' 'no-cache' 'use-reflection' 'H=+' 'rpc-header=+' 'reflect-header=+' 'expand-headers' 'show-secrets' 'd=' 'format=' 'allow-unknown-fields' 'emit-defaults' 'proto-names' 'output=' 'compact' 'format-error' 'color=' 'v' 'version' 'msg-template' 'watch' 'wait=' 'h/help'
        case 'convert'
            __grpcall_parse_subcommand 1 'proto=+' 'import-path=+' 'protoset=+' 'protoset-out=' 'proto-out-dir=' 'no-cache' 'use-reflection' 'color=' 'type=' 'from=' 'to=' 'emit-defaults' 'proto-names' 'allow-unknown-fields' 'compact' 'h/help'
        case 'test'
            __grpcall_parse_subcommand -r 1 'color=' 'var=+' 'junit=' 'fail-fast' 'parallel=' 'wait-for=' 'v' 'h/help'
        case 'help'
            __grpcall_parse_subcommand -r 1 
        end
    end
end

function __grpcall_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __grpcall_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __grpcall_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __grpcall_cursor_index_in_token
    string length -- (commandline -ct)
end

function __grpcall_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__grpcall_tokens -p)
    if test -z "$(__grpcall_tokens -t)"
        set -l index (count (__grpcall_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'grpcall' -f
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_positional "grpcall" -eq 1' -fa 'call' -d 'List services, or invoke a method (the default command).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_positional "grpcall" -eq 1' -fa 'convert' -d 'Convert one message between JSON, binary and text format (no server needed).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_positional "grpcall" -eq 1' -fa 'test' -d 'Run scenario files: chained calls, scripted streams, assertions, JUnit reports.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_positional "grpcall" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" plaintext plaintext' -o 'plaintext' -l 'plaintext' -d 'Use plain-text HTTP/2 (no TLS).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" insecure insecure' -o 'insecure' -l 'insecure' -d 'Use TLS but skip verification of the server\'s certificate chain and host name.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" cacert cacert' -o 'cacert' -l 'cacert' -d 'PEM file of root CAs trusted to verify the server.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" cert cert' -o 'cert' -l 'cert' -d 'PEM client certificate for mutual TLS (needs -key).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" key key' -o 'key' -l 'key' -d 'PEM client private key for mutual TLS (needs -cert).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" authority authority' -o 'authority' -l 'authority' -d 'Value of the :authority pseudo-header.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" servername servername' -o 'servername' -l 'servername' -d 'TLS server name (SNI and certificate check), when it differs from -authority.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" user-agent user-agent' -o 'user-agent' -l 'user-agent' -d 'Added to the user-agent header after grpcall/VERSION.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" connect-timeout connect-timeout' -o 'connect-timeout' -l 'connect-timeout' -d 'Longest wait for the connection (TCP, TLS and HTTP/2 settings), in seconds (default 10).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" compress' -l 'compress' -d 'Compress request messages: gzip, deflate or none (responses in gzip and deflate are always read).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" unix unix' -o 'unix' -l 'unix' -d 'The address is the path of a unix-domain socket.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" max-time max-time' -o 'max-time' -l 'max-time' -d 'Deadline for the whole operation, in seconds (sent as grpc-timeout).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" keepalive-time keepalive-time' -o 'keepalive-time' -l 'keepalive-time' -d 'Send keepalive pings after this many idle seconds.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" max-msg-sz max-msg-sz' -o 'max-msg-sz' -l 'max-msg-sz' -d 'Largest response message accepted, in bytes (default 4194304).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -o 'proto' -l 'proto' -d 'A .proto source file (repeatable); imports resolve against -import-path.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -o 'import-path' -l 'import-path' -d 'A directory to search for imports (repeatable), like protoc -I.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -o 'protoset' -l 'protoset' -d 'A binary FileDescriptorSet file (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" protoset-out protoset-out' -o 'protoset-out' -l 'protoset-out' -d 'Write the schema used (with list, describe or a call) as a FileDescriptorSet to this file.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" proto-out-dir proto-out-dir' -o 'proto-out-dir' -l 'proto-out-dir' -d 'Write the .proto source of every file of the schema used into this directory, in their package paths.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" no-cache no-cache' -o 'no-cache' -l 'no-cache' -d 'Compile -proto files even when an unchanged compiled copy is cached (in $XDG_CACHE_HOME/grpcall, else ~/.cache/grpcall).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" use-reflection use-reflection' -o 'use-reflection' -l 'use-reflection' -d 'Use server reflection (the default without -proto/-protoset). With them, both are combined, the files winning for the symbols they define. -use-reflection=false turns it off.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -s 'H' -d 'A header \'name: value\' sent with the RPC (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -o 'rpc-header' -l 'rpc-header' -d 'A header sent with the RPC only (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -o 'reflect-header' -l 'reflect-header' -d 'A header sent with server reflection requests only (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" expand-headers expand-headers' -o 'expand-headers' -l 'expand-headers' -d 'Expand ${NAME} references to environment variables in header values.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" show-secrets' -l 'show-secrets' -d 'Print credentials (authorization, cookies, *-token, *-secret headers) in verbose output.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" d' -s 'd' -d 'Request data as JSON; \'@\' reads it from standard input, \'@FILE\' from a file. Streaming calls take several concatenated messages.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" format format' -o 'format' -l 'format' -d 'Request and response format: json, or text (protobuf text format; messages separated by 0x1E).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" allow-unknown-fields allow-unknown-fields' -o 'allow-unknown-fields' -l 'allow-unknown-fields' -d 'Ignore unknown fields in JSON request data instead of failing.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" emit-defaults emit-defaults' -o 'emit-defaults' -l 'emit-defaults' -d 'Include fields that hold default values in JSON output.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" proto-names' -l 'proto-names' -d 'Write JSON keys with the .proto field names instead of lowerCamel names.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" output' -l 'output' -d 'How JSON responses are written: json (indented, the default), ndjson (each response on one line) or envelope (one JSON document of the whole call: headers, responses, trailers, status, timing).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" compact' -l 'compact' -d 'Same as --output ndjson.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" format-error format-error' -o 'format-error' -l 'format-error' -d 'On a non-OK status, print the status as JSON on stderr instead of the ERROR block.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" color color' -o 'color' -l 'color' -d 'Colour JSON output, errors and -v headings: auto (on a terminal, unless NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call"' -s 'v' -d 'Verbose output (-vv: very verbose).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" version version' -o 'version' -l 'version' -d 'Print the version and exit.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" msg-template msg-template' -o 'msg-template' -l 'msg-template' -d 'With describe on a message: also print a JSON template of the message.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" watch' -l 'watch' -d 'With health: print each status change (Watch).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" wait' -l 'wait' -d 'With health: retry until the service is SERVING, for up to this many seconds.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_positional "grpcall call" -ge 1' -fka '(__grpcall_custom_completion ---completion call -- positional@0 (count (__grpcall_tokens -pc)) (__grpcall_cursor_index_in_token))'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall call" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert"' -o 'proto' -l 'proto' -d 'A .proto source file (repeatable); imports resolve against -import-path.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert"' -o 'import-path' -l 'import-path' -d 'A directory to search for imports (repeatable), like protoc -I.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert"' -o 'protoset' -l 'protoset' -d 'A binary FileDescriptorSet file (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" protoset-out protoset-out' -o 'protoset-out' -l 'protoset-out' -d 'Write the schema used (with list, describe or a call) as a FileDescriptorSet to this file.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" proto-out-dir proto-out-dir' -o 'proto-out-dir' -l 'proto-out-dir' -d 'Write the .proto source of every file of the schema used into this directory, in their package paths.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" no-cache no-cache' -o 'no-cache' -l 'no-cache' -d 'Compile -proto files even when an unchanged compiled copy is cached (in $XDG_CACHE_HOME/grpcall, else ~/.cache/grpcall).'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" use-reflection use-reflection' -o 'use-reflection' -l 'use-reflection' -d 'Use server reflection (the default without -proto/-protoset). With them, both are combined, the files winning for the symbols they define. -use-reflection=false turns it off.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" color color' -o 'color' -l 'color' -d 'Colour JSON output, errors and -v headings: auto (on a terminal, unless NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" type type' -o 'type' -l 'type' -d 'The message type, fully qualified (pkg.Message).' -rfka '(__grpcall_custom_completion ---completion convert -- -type (count (__grpcall_tokens -pc)) (__grpcall_cursor_index_in_token))'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" from from' -o 'from' -l 'from' -d 'Input format.' -rfka 'json binary text'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" to to' -o 'to' -l 'to' -d 'Output format.' -rfka 'json binary text'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" emit-defaults emit-defaults' -o 'emit-defaults' -l 'emit-defaults' -d 'JSON output: include fields holding default values.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" proto-names' -l 'proto-names' -d 'JSON output: use .proto field names as keys.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" allow-unknown-fields allow-unknown-fields' -o 'allow-unknown-fields' -l 'allow-unknown-fields' -d 'JSON and text input: skip fields the message does not declare.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" compact' -l 'compact' -d 'JSON and text output on one line.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall convert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" color color' -o 'color' -l 'color' -d 'Colour JSON output, errors and -v headings: auto (on a terminal, unless NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test"' -l 'var' -d 'Set a variable for ${NAME} (repeatable).' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" junit' -l 'junit' -d 'Write a JUnit XML report.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" fail-fast' -l 'fail-fast' -d 'Stop a file at its first failing step.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" parallel' -l 'parallel' -d 'Run this many files at once.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" wait-for' -l 'wait-for' -d 'Before the first step, retry connecting (and the health check) for up to this many seconds.' -rfka ''
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" v' -s 'v' -d 'Print each request and response.'
complete -c 'grpcall' -n '__grpcall_should_offer_completions_for_flags_or_options "grpcall test" h help' -s 'h' -l 'help' -d 'Show help information.'