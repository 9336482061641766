import SwiftProtobuf

/// Finds elements of a file by their `SourceCodeInfo`-style path (the paths the symbol table
/// records), or nil when the path does not lead to one.
public enum DescriptorNavigator {
  /// The message at `[4, i, (3, j)...]`.
  public static func message(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_DescriptorProto? {
    guard path.count >= 2, path.count % 2 == 0, path[0] == 4,
      file.messageType.indices.contains(Int(path[1]))
    else { return nil }
    var message = file.messageType[Int(path[1])]
    var rest = path.dropFirst(2)
    while rest.count >= 2 {
      guard rest.first == 3, message.nestedType.indices.contains(Int(rest[rest.startIndex + 1]))
      else { return nil }
      message = message.nestedType[Int(rest[rest.startIndex + 1])]
      rest = rest.dropFirst(2)
    }
    return message
  }

  /// The enum at `[5, i]` or a message path + `[4, k]`.
  public static func enumType(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_EnumDescriptorProto? {
    guard path.count >= 2 else { return nil }
    let index = Int(path[path.count - 1])
    if path.count == 2 {
      return path[0] == 5 && file.enumType.indices.contains(index) ? file.enumType[index] : nil
    }
    guard path[path.count - 2] == 4, let parent = message(at: Array(path.dropLast(2)), in: file),
      parent.enumType.indices.contains(index)
    else { return nil }
    return parent.enumType[index]
  }

  /// The enum value at an enum path + `[2, k]`.
  public static func enumValue(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_EnumValueDescriptorProto? {
    guard path.count >= 4, let parent = enumType(at: Array(path.dropLast(2)), in: file) else {
      return nil
    }
    let index = Int(path[path.count - 1])
    return parent.value.indices.contains(index) ? parent.value[index] : nil
  }

  /// The field or extension at a message path + `[2|6, k]`, or the file extension at `[7, i]`.
  public static func field(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_FieldDescriptorProto? {
    guard path.count >= 2 else { return nil }
    let index = Int(path[path.count - 1])
    if path.count == 2 {
      return path[0] == 7 && file.extension.indices.contains(index) ? file.extension[index] : nil
    }
    guard let parent = message(at: Array(path.dropLast(2)), in: file) else { return nil }
    let fields = path[path.count - 2] == 6 ? parent.extension : parent.field
    return fields.indices.contains(index) ? fields[index] : nil
  }

  /// The service at `[6, i]`.
  public static func service(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_ServiceDescriptorProto? {
    guard path.count == 2, path[0] == 6, file.service.indices.contains(Int(path[1])) else {
      return nil
    }
    return file.service[Int(path[1])]
  }

  /// The method at `[6, i, 2, k]`.
  public static func method(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_MethodDescriptorProto? {
    guard path.count == 4, let service = service(at: Array(path.prefix(2)), in: file),
      service.method.indices.contains(Int(path[3]))
    else { return nil }
    return service.method[Int(path[3])]
  }
}
