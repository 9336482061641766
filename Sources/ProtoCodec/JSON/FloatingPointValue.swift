/// A JSON value for a `double` or `float` field, read by proto3 JSON's rules: a number, or a
/// string holding a number, `"NaN"`, `"Infinity"` or `"-Infinity"`; past the type's range is an
/// error (never infinity), and `-0` keeps its sign.
enum FloatingPointValue {
  /// Reads the next value from `scanner`; `isFloat` checks the range of a 32-bit float. `fail`
  /// places a reason at the caller's path; `path` is the scanner's.
  static func read(
    _ scanner: inout JSONScanner,
    isFloat: Bool,
    path: [String],
    fail: (CodecError.Reason) -> CodecError
  ) throws(CodecError) -> Double {
    var value: Double
    var shown: String
    if scanner.peek() == UInt8(ascii: "\"") {
      let text = try scanner.readString(path: path)
      shown = "\"\(text)\""
      switch text {
      case "NaN": value = .nan
      case "Infinity": value = .infinity
      case "-Infinity": value = -.infinity
      default:
        var validator = JSONScanner(Array(text.utf8))
        guard (try? validator.readNumberText(path: [])) != nil,
          validator.offset == text.utf8.count, let parsed = Double(text)
        else { throw fail(.expected("a number", got: shown)) }
        value = parsed
      }
    } else {
      guard let next = scanner.peek(), next == UInt8(ascii: "-") || (next >= 0x30 && next <= 0x39)
      else { throw fail(.expected("a number", got: scanner.nextValueDescription())) }
      shown = try scanner.readNumberText(path: path)
      guard let parsed = Double(shown) else { throw fail(.expected("a number", got: shown)) }
      value = parsed
    }
    let typeName = isFloat ? "float" : "double"
    if value.isInfinite, !shown.contains("Infinity") {
      throw fail(.outOfRange(value: shown, type: typeName))
    }
    if isFloat, Float(value).isInfinite, value.isFinite {
      throw fail(.outOfRange(value: shown, type: typeName))
    }
    return value
  }
}
