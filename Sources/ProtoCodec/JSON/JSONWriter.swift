/// Builds JSON text, pretty (2-space indent, as grpcurl prints) or compact.
public struct JSONWriter {
  /// The text written so far.
  public private(set) var output: [UInt8] = []
  private let indentUnit: [UInt8]
  private var depth = 0
  /// Whether the current container already has a member (so the next needs a comma).
  private var hasMember: [Bool] = []

  /// Creates a writer; `indent` is the per-level indentation, empty for compact output.
  public init(indent: String = "  ") {
    self.indentUnit = Array(indent.utf8)
    output.reserveCapacity(256)
  }

  private var isPretty: Bool { !indentUnit.isEmpty }

  private mutating func newline() {
    guard isPretty else { return }
    output.append(0x0A)
    for _ in 0 ..< depth { output += indentUnit }
  }

  private mutating func beforeValueInContainer() {
    guard !hasMember.isEmpty else { return }
    if hasMember[hasMember.count - 1] { output.append(UInt8(ascii: ",")) }
    hasMember[hasMember.count - 1] = true
    newline()
  }

  /// Starts an object (as a value in an array or at the top level).
  public mutating func beginObject() {
    output.append(UInt8(ascii: "{"))
    depth += 1
    hasMember.append(false)
  }

  /// Ends the current object; an empty object is written `{}`.
  public mutating func endObject() {
    close(UInt8(ascii: "}"))
  }

  /// Starts an array.
  public mutating func beginArray() {
    output.append(UInt8(ascii: "["))
    depth += 1
    hasMember.append(false)
  }

  /// Ends the current array; an empty array is written `[]`.
  public mutating func endArray() {
    close(UInt8(ascii: "]"))
  }

  private mutating func close(_ byte: UInt8) {
    let hadMembers = hasMember.removeLast()
    depth -= 1
    if hadMembers { newline() }
    output.append(byte)
  }

  /// Writes an object key; the value must follow.
  public mutating func key(_ name: String) {
    beforeValueInContainer()
    appendString(name)
    output.append(UInt8(ascii: ":"))
    if isPretty { output.append(UInt8(ascii: " ")) }
  }

  /// Marks the start of an array element.
  public mutating func element() {
    beforeValueInContainer()
  }

  /// Writes a string value.
  public mutating func string(_ value: String) {
    appendString(value)
  }

  /// Writes a number, boolean or `null` token as is.
  public mutating func raw(_ token: String) {
    output.append(contentsOf: token.utf8)
  }

  /// Copies a JSON value from other text, re-indenting it to this writer's style.
  public mutating func copyValue(_ json: [UInt8]) throws(CodecError) {
    var scanner = JSONScanner(json)
    try copy(from: &scanner, depth: 0)
  }

  private mutating func copy(from scanner: inout JSONScanner, depth nesting: Int) throws(CodecError)
  {
    guard nesting < 100 else { throw CodecError(path: "", .tooDeep) }
    switch scanner.peek() {
    case UInt8(ascii: "{"):
      _ = scanner.consume(UInt8(ascii: "{"))
      beginObject()
      if !scanner.consume(UInt8(ascii: "}")) {
        repeat {
          key(try scanner.readString(path: []))
          try scanner.expect(UInt8(ascii: ":"), path: [])
          try copy(from: &scanner, depth: nesting + 1)
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), path: [])
      }
      endObject()
    case UInt8(ascii: "["):
      _ = scanner.consume(UInt8(ascii: "["))
      beginArray()
      if !scanner.consume(UInt8(ascii: "]")) {
        repeat {
          element()
          try copy(from: &scanner, depth: nesting + 1)
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "]"), path: [])
      }
      endArray()
    case UInt8(ascii: "\""):
      string(try scanner.readString(path: []))
    default:
      if let literal = scanner.readLiteral() {
        raw(literal)
      } else {
        raw(try scanner.readNumberText(path: []))
      }
    }
  }

  private mutating func appendString(_ value: String) {
    output.append(UInt8(ascii: "\""))
    var text = value
    text.withUTF8 { bytes in
      var start = 0
      for index in 0 ..< bytes.count {
        let byte = bytes[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
          continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
        appendEscape(byte)
        start = index + 1
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
    output.append(UInt8(ascii: "\""))
  }

  private mutating func appendEscape(_ byte: UInt8) {
    output.append(0x5C)
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
    case 0x0A: output.append(UInt8(ascii: "n"))
    case 0x0D: output.append(UInt8(ascii: "r"))
    case 0x09: output.append(UInt8(ascii: "t"))
    case 0x08: output.append(UInt8(ascii: "b"))
    case 0x0C: output.append(UInt8(ascii: "f"))
    default:
      let hex: StaticString = "0123456789abcdef"
      output.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
      output.append(hex.utf8Start[Int(byte >> 4)])
      output.append(hex.utf8Start[Int(byte & 0xF)])
    }
  }
}
