import SwiftProtobuf

/// The result of parsing one `.proto` file: an unlinked descriptor (type references as written,
/// options not yet interpreted) plus the source positions the linker needs for its diagnostics.
public struct ParsedFile: Sendable {
  /// The unlinked descriptor.
  public var descriptor: Google_Protobuf_FileDescriptorProto
  /// Positions of elements, keyed by their `SourceCodeInfo`-style path (descriptor field numbers).
  public var positions: [DescriptorPath: SourcePosition]
  /// Position of each import statement, by imported file name.
  public var importPositions: [String: SourcePosition]
  /// Source locations with comments, as protoc records them; option locations still carry
  /// their `uninterpreted_option` paths until the linker interprets the options.
  public var sourceLocations: [Google_Protobuf_SourceCodeInfo.Location]
}

/// A path into a `FileDescriptorProto` made of field numbers and indexes, as `SourceCodeInfo` uses.
public typealias DescriptorPath = [Int32]

/// Field numbers of descriptor.proto used to build paths.
enum DescriptorField {
  static let filePackage: Int32 = 2
  static let fileDependency: Int32 = 3
  static let fileOptions: Int32 = 8
  static let filePublicDependency: Int32 = 10
  static let fileWeakDependency: Int32 = 11
  static let fileSyntax: Int32 = 12
  static let uninterpretedOption: Int32 = 999
  static let fileMessageType: Int32 = 4
  static let fileEnumType: Int32 = 5
  static let fileService: Int32 = 6
  static let fileExtension: Int32 = 7
  static let messageField: Int32 = 2
  static let messageNestedType: Int32 = 3
  static let messageEnumType: Int32 = 4
  static let messageExtension: Int32 = 6
  static let messageOneof: Int32 = 8
  static let fieldName: Int32 = 1
  static let fieldExtendee: Int32 = 2
  static let fieldNumber: Int32 = 3
  static let fieldTypeName: Int32 = 6
  static let fieldDefault: Int32 = 7
  static let fieldOptions: Int32 = 8
  static let fieldJSONName: Int32 = 10
  static let fieldLabel: Int32 = 4
  static let fieldType: Int32 = 5
  static let messageName: Int32 = 1
  static let messageExtensionRange: Int32 = 5
  static let messageOptions: Int32 = 7
  static let messageReservedRange: Int32 = 9
  static let messageReservedName: Int32 = 10
  static let enumOptions: Int32 = 3
  static let enumReservedRange: Int32 = 4
  static let enumReservedName: Int32 = 5
  static let enumValueNumber: Int32 = 2
  static let enumValueOptions: Int32 = 3
  static let oneofOptions: Int32 = 2
  static let serviceOptions: Int32 = 3
  static let methodOptions: Int32 = 4
  static let methodClientStreaming: Int32 = 5
  static let methodServerStreaming: Int32 = 6
  static let rangeStart: Int32 = 1
  static let rangeEnd: Int32 = 2
  static let extensionRangeOptions: Int32 = 3
  static let enumValue: Int32 = 2
  static let serviceMethod: Int32 = 2
  static let methodInputType: Int32 = 2
  static let methodOutputType: Int32 = 3
}

extension Dictionary where Key == DescriptorPath, Value == SourcePosition {
  /// The position recorded for `path`, or for its nearest recorded ancestor; the file's start
  /// when nothing on the way is recorded.
  func nearest(_ path: DescriptorPath, file: String) -> SourcePosition {
    var path = path
    while !path.isEmpty {
      if let found = self[path] { return found }
      path.removeLast()
    }
    return SourcePosition(file: file, line: 1, column: 1)
  }
}
