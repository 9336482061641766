# Convenience targets; each is a script under scripts/.
.PHONY: demo test completions man builtin-descriptors format bench release install uninstall

PREFIX ?= /usr/local
DESTDIR ?=
# The binary to install; built with scripts/build-release unless given (BIN=path).
BIN ?=
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
MAN_DIR ?= $(PREFIX)/share/man/man1

demo:            ## build, start the sample server, call all four kinds
	scripts/demo

test:            ## every layer's tests and the binary end to end
	scripts/test

release:         ## a portable release binary (.build/release/grpcall)
	scripts/build-release

completions:     ## regenerate completions/ from the command definitions
	scripts/generate-completions

man:             ## regenerate docs/man/grpcall.1 (swift-argument-parser's generate-manual plugin)
	scripts/generate-manual

builtin-descriptors: ## recompile the built-in .proto files into committed descriptors
	scripts/generate-builtin-descriptors

format:          ## swift format with the repo's .swift-format
	swift format --in-place --recursive --parallel Sources Tests Package.swift

bench:           ## speed and memory next to grpcurl and buf curl
	scripts/bench

install:         ## the release binary, the man page and the completion scripts under PREFIX (default /usr/local)
	bin="$(BIN)"; [ -n "$$bin" ] || bin="$$(scripts/build-release | tail -1)"; \
	install -D -s -m 755 "$$bin" "$(DESTDIR)$(PREFIX)/bin/grpcall"   # stripped: no debug info
	install -D -m 644 completions/grpcall.bash "$(DESTDIR)$(BASH_COMPLETION_DIR)/grpcall"
	install -D -m 644 completions/_grpcall "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_grpcall"
	install -D -m 644 completions/grpcall.fish "$(DESTDIR)$(FISH_COMPLETION_DIR)/grpcall.fish"
	install -D -m 644 docs/man/grpcall.1 "$(DESTDIR)$(MAN_DIR)/grpcall.1"

uninstall:       ## removes what install put under PREFIX
	rm -f "$(DESTDIR)$(PREFIX)/bin/grpcall" "$(DESTDIR)$(BASH_COMPLETION_DIR)/grpcall" \
	  "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_grpcall" "$(DESTDIR)$(FISH_COMPLETION_DIR)/grpcall.fish" \
	  "$(DESTDIR)$(MAN_DIR)/grpcall.1"
