import ProtoCodec
import ProtoSchema
import SwiftProtobuf

/// Writes schema files back as `.proto` sources (`-proto-out-dir`): each file at its own path
/// under the directory, elements in declaration order, so that protoc compiles the tree back to
/// the same descriptors. Built-in files (the well-known types) are written too, so the tree
/// stands alone.
public struct ProtoSourceExporter: Sendable {
  let pool: DescriptorPool
  let describer: SchemaDescriber

  /// Prepares an export of `pool`.
  public init(pool: DescriptorPool) {
    self.pool = pool
    self.describer = SchemaDescriber(pool: pool)
  }

  /// Writes `files` and everything they import into `directory`.
  public func write(files: [String], into directory: String) throws(GRPCallError) {
    let set = pool.fileSet(including: files)
    for file in set.file {
      let path = directory + "/" + file.name
      if let slash = path.lastIndex(of: "/") {
        try PathWriter.makeDirectories(String(path[..<slash]))
      }
      try PathWriter.write(Array(source(of: file).utf8), to: path)
    }
  }

  /// One file as `.proto` source.
  public func source(of file: Google_Protobuf_FileDescriptorProto) -> String {
    var printer = ProtoSourcePrinter(
      pool: pool,
      file: file,
      options: OptionRenderer(pool: describer.optionPool)
    )
    printer.keepsDeclarationOrder = true
    var header: [String] = []
    switch file.syntax {
    case "editions":
      header.append("edition = \"\(Self.editionName(file.edition))\";")
    case "proto3":
      header.append("syntax = \"proto3\";")
    default:
      header.append("syntax = \"proto2\";")
    }
    header.append("")
    if !file.package.isEmpty { header.append("package \(file.package);") }
    let publicIndexes = Set(file.publicDependency)
    let weakIndexes = Set(file.weakDependency)
    for (index, dependency) in file.dependency.enumerated() {
      let modifier =
        publicIndexes.contains(Int32(index))
        ? "public " : weakIndexes.contains(Int32(index)) ? "weak " : ""
      header.append("import \(modifier)\"\(dependency)\";")
    }
    printer.fileOptions(file.options)
    for (index, message) in file.messageType.enumerated() {
      printer.message(message, path: [4, Int32(index)])
    }
    for (index, enumType) in file.enumType.enumerated() {
      printer.enumType(enumType, path: [5, Int32(index)])
    }
    for (index, service) in file.service.enumerated() {
      printer.service(service, path: [6, Int32(index)])
    }
    printer.extensions(file.extension, path: [7])
    return header.joined(separator: "\n") + "\n\n" + printer.text + "\n"
  }

  static func editionName(_ edition: Google_Protobuf_Edition) -> String {
    switch edition {
    case .edition2023: "2023"
    case .edition2024: "2024"
    default: String(edition.rawValue)
    }
  }
}
