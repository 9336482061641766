import ProtoSchema
import SwiftProtobuf

/// Combines a schema from local files with one from server reflection (`-use-reflection` with
/// `-proto`/`-protoset`): every local file is kept; a reflected file is added unless a local file
/// has its name or defines one of its symbols (the local definition wins, and reflected files that
/// imported the loser import the local file instead).
public enum SchemaCombiner {
  /// The combined pool.
  public static func combine(
    local: DescriptorPool,
    reflected: DescriptorPool
  ) throws(GRPCallError) -> DescriptorPool {
    var files = local.files
    var localNames = Set(local.files.map(\.name))
    var replacement: [String: String] = [:]
    for file in reflected.files where !localNames.contains(file.name) {
      if let winner = topLevelSymbols(of: file).lazy.compactMap({ local.symbol(named: $0)?.file })
        .first
      {
        replacement[file.name] = winner
        continue
      }
      files.append(file)
      localNames.insert(file.name)
    }
    if !replacement.isEmpty {
      files = files.map { file in
        var file = file
        var seen: Set<String> = []
        file.dependency = file.dependency.map { replacement[$0] ?? $0 }.filter {
          seen.insert($0).inserted
        }
        return file
      }
    }
    do {
      return try DescriptorPool(files: files)
    } catch {
      throw .reflectionFailed("Cannot combine the files with the server's schema: \(error)")
    }
  }

  /// The fully-qualified names a file defines at its top level.
  static func topLevelSymbols(of file: Google_Protobuf_FileDescriptorProto) -> [String] {
    let prefix = file.package.isEmpty ? "" : file.package + "."
    return
      (file.messageType.map(\.name) + file.enumType.map(\.name) + file.service.map(\.name)
      + file.extension.map(\.name)).map { prefix + $0 }
  }
}
