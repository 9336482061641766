# Convenience targets; each is a script under scripts/.
.PHONY: demo test completions builtin-descriptors format bench release

demo:            ## build, start the sample server, call all four kinds
	scripts/demo

test:            ## every layer's tests and the binary end to end
	scripts/test

release:         ## a portable release binary (.build/release/grpcall)
	scripts/build-release

completions:     ## regenerate completions/ from the command definitions
	scripts/generate-completions

builtin-descriptors: ## recompile the built-in .proto files into committed descriptors
	scripts/generate-builtin-descriptors

format:          ## swift format with the repo's .swift-format
	swift format --in-place --recursive --parallel Sources Tests Package.swift

bench:           ## speed and memory next to grpcurl and buf curl
	scripts/bench
