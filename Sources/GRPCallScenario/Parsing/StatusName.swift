#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// gRPC status codes by name, in both spellings users write: `NOT_FOUND` and `NotFound`.
public enum StatusName {
  static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// The code of a name or number; nil when it is neither.
  public static func code(of text: String) -> Int? {
    if let number = Int(text), (0 ..< names.count).contains(number) { return number }
    let normalized = text.replacingOccurrences(of: "_", with: "").uppercased()
    if normalized == "CANCELED" { return 1 }
    return names.firstIndex { $0.replacingOccurrences(of: "_", with: "") == normalized }
  }

  /// `NOT_FOUND` for 5.
  public static func name(of code: Int) -> String {
    (0 ..< names.count).contains(code) ? names[code] : "CODE_\(code)"
  }
}
