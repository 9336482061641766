import SwiftProtobuf

extension SwiftProtobuf.Message {
  /// Edits a repeated field in place.
  ///
  /// swift-protobuf gives the fields of messages kept in heap storage (`DescriptorProto`,
  /// `EnumDescriptorProto`, …) a getter and a setter but no in-place accessor, so
  /// `message.field[i].x = y` and `message.field.append(f)` copy the whole array every time — a
  /// message with 10 000 fields took seconds. This takes the array out, edits it while it is
  /// uniquely referenced, and puts it back: one move instead of a copy per edit.
  @inlinable
  mutating func editing<Element, Result, Failure: Error>(
    _ keyPath: WritableKeyPath<Self, [Element]>,
    _ body: (inout [Element]) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    var elements = self[keyPath: keyPath]
    self[keyPath: keyPath] = []
    defer { self[keyPath: keyPath] = elements }
    return try body(&elements)
  }

  /// Appends to a repeated field without copying it (see `editing(_:_:)`).
  @inlinable
  mutating func append<Element>(_ element: Element, to keyPath: WritableKeyPath<Self, [Element]>) {
    editing(keyPath) { $0.append(element) }
  }
}
