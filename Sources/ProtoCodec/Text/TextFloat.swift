#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Floating-point text as protoc's text format writes it (`SimpleDtoa`/`SimpleFtoa`): `%.15g`
/// (floats `%.6g`), widened to `%.17g` (`%.9g`) when that does not read back exactly; `inf`,
/// `-inf`, `nan`.
enum TextFloat {
  static func format(_ value: Double, single: Bool) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if single {
      let float = Float(value)
      let short = printf(Double(float), precision: 6)
      return Float(short) == float ? short : printf(Double(float), precision: 9)
    }
    let short = printf(value, precision: 15)
    return Double(short) == value ? short : printf(value, precision: 17)
  }

  /// `printf("%.*g", precision, value)`.
  private static func printf(_ value: Double, precision: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([precision, value]) { arguments in
      vsnprintf(&buffer, buffer.count, "%.*g", arguments)
    }
    let length = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
