/// Finds where each top-level JSON value ends in a stream of concatenated values
/// (`{..}{..}` or whitespace-separated), so each message can be sent as soon as it is complete.
public struct JSONStreamSplitter: Sendable {
  private var buffer: [UInt8] = []
  /// Bytes at the front of `buffer` that belong to values already returned; dropped once per
  /// `append`, not once per value (which made a chunk of many small values quadratic).
  private var consumed = 0
  private var scanned = 0
  private var depth = 0
  private var inString = false
  private var escaped = false
  private var valueStart: Int?

  /// Creates an empty splitter.
  public init() {}

  /// Bytes held for a value not yet complete (with any whitespace before it).
  public var pendingByteCount: Int { buffer.count - consumed }

  /// Whether a value has begun that is not complete yet.
  public var hasStartedValue: Bool { valueStart != nil }

  /// Adds input and returns every value it completes, in order.
  public mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
    if consumed > 0 {
      buffer.removeFirst(consumed)
      scanned -= consumed
      valueStart = valueStart.map { $0 - consumed }
      consumed = 0
    }
    buffer += bytes
    var complete: [[UInt8]] = []
    while scanned < buffer.count {
      let byte = buffer[scanned]
      scanned += 1
      if let start = valueStart {
        if inString {
          if escaped {
            escaped = false
          } else if byte == UInt8(ascii: "\\") {
            escaped = true
          } else if byte == UInt8(ascii: "\"") {
            inString = false
            if depth == 0 { complete.append(take(from: start)) }
          }
          continue
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth <= 0 { complete.append(take(from: start)) }
        case 0x20, 0x09, 0x0A, 0x0D:
          if depth == 0 {
            scanned -= 1
            complete.append(take(from: start))
          }
        default: break
        }
      } else {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D: continue
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          valueStart = scanned - 1
          depth = 1
        case UInt8(ascii: "\""):
          valueStart = scanned - 1
          inString = true
        default:
          valueStart = scanned - 1
        }
      }
    }
    return complete
  }

  /// Ends the input; returns the last value if one is pending (possibly incomplete, so the
  /// decoder reports what is wrong with it).
  public mutating func finish() -> [UInt8]? {
    guard let start = valueStart else { return nil }
    let rest = take(from: start)
    return rest.isEmpty ? nil : rest
  }

  private mutating func take(from start: Int) -> [UInt8] {
    let value = Array(buffer[start ..< scanned])
    consumed = scanned
    depth = 0
    valueStart = nil
    inString = false
    escaped = false
    return value
  }
}
