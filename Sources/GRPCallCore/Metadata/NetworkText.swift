/// Text that came from the network (status messages, header values) or is echoed back in an
/// error (a refused header), made safe for a terminal:
/// control characters (C0, DEL, C1) become visible `\xNN` escapes so a server cannot move the
/// cursor, change colours or hide output.
public enum NetworkText {
  /// `text` with every control character escaped.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value)
  }
}
