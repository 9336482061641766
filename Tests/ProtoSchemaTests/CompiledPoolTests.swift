import Testing

@testable import ProtoSchema

/// A pool built over the compiler's own symbol table must be the pool built from the compiled
/// files alone (which collects every name again).
@Suite struct CompiledPoolTests {
  static let fixtures = [
    "custom_options.proto", "editions_2023.proto", "editions_2024.proto", "features_proto2.proto",
    "features_proto3.proto", "source_info.proto", "unpacked_options.proto",
  ]

  @Test func compilerSymbolTableIsWhatThePoolWouldBuild() throws {
    let (files, _, symbols) = try ProtoCompiler.compileWithSymbols(
      files: Self.fixtures + ["google/protobuf/any.proto", "google/rpc/status.proto"],
      importPaths: [DifferentialTests.root + "/Tests/ProtoSchemaTests/Fixtures"],
      includeSourceInfo: false
    )
    var rebuilt = SymbolTable()
    for file in files { #expect(rebuilt.add(file).allSatisfy { $0.kind == .package }) }
    #expect(symbols.symbols.count > 100)
    #expect(symbols.symbols == rebuilt.symbols)
    #expect(symbols.enumValueNames == rebuilt.enumValueNames)
    #expect(symbols.extensionRanges == rebuilt.extensionRanges)
  }

  @Test func poolFromTheCompilerEqualsPoolFromFiles() throws {
    let (pool, files, _) = try ProtoCompiler.compileIntoPool(
      files: Self.fixtures,
      importPaths: [DifferentialTests.root + "/Tests/ProtoSchemaTests/Fixtures"],
      includeSourceInfo: true
    )
    let fromFiles = try DescriptorPool(files: files)
    #expect(pool.files == fromFiles.files)
    #expect(pool.messageNames == fromFiles.messageNames)
    #expect(pool.enumNames == fromFiles.enumNames)
    #expect(pool.serviceNames == fromFiles.serviceNames)
    for name in fromFiles.messageNames {
      #expect(pool.symbol(named: name) == fromFiles.symbol(named: name), "\(name)")
      #expect(
        pool.message(named: name)?.fields.map(\.fullName)
          == fromFiles.message(named: name)?.fields.map(\.fullName)
      )
    }
  }
}
