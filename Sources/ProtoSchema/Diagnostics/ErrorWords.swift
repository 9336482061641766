import SwiftProtobuf

/// One line in words for an error that came from a dependency, never its type or case names:
/// `(messageDepthLimit)`, `(malformedProtobuf)`, `Foo.Bar`, `(errno: 104)` reached users before.
/// grpcall's own errors describe themselves; this is for the rest.
package enum ErrorWords {
  /// The error in words.
  package static func describe(_ error: any Error) -> String {
    if let decoding = error as? BinaryDecodingError { return words(decoding) }
    return sanitized(String(describing: error))
  }

  /// swift-protobuf's binary decoding errors in words.
  package static func words(_ error: BinaryDecodingError) -> String {
    switch error {
    case .truncated: return "the data ends in the middle of a field"
    case .invalidUTF8: return "a string holds invalid UTF-8"
    case .messageDepthLimit: return "messages are nested too deeply (more than 100 levels)"
    case .malformedProtobuf: return "the data is not a valid protobuf encoding"
    case .missingRequiredFields: return "required fields are missing"
    case .trailingGarbage: return "unexpected bytes after the message"
    default: return "the data is not a valid protobuf encoding"
    }
  }

  /// Text with what is not words dropped: parenthesised identifiers and errno numbers, dotted
  /// type names, source paths.
  package static func sanitized(_ text: String) -> String {
    var kept: [Substring] = []
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      let bare = word.trimmingCharacters(in: "(),:")
      let isTypeName =
        bare.contains(".") && bare.first?.isUppercase == true && !bare.hasSuffix(".")
      let isIdentifierInParentheses =
        word.hasPrefix("(") && bare.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        && bare.contains(where: \.isUppercase) && bare.first?.isLowercase == true
      let isInternal =
        isTypeName || isIdentifierInParentheses || word.contains(".swift")
        || word.contains("(descriptor:") || word == "(errno:"
        || (word.hasSuffix(")") && Int(bare) != nil)
      if !isInternal { kept.append(word) }
    }
    let joined = kept.joined(separator: " ")
    return joined.isEmpty ? "an unexpected error" : joined
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> Substring {
    let characters = Set(set)
    return self.drop { characters.contains($0) }.reversed().drop { characters.contains($0) }
      .reversed()
      .reduce(into: Substring()) { $0.append($1) }
  }
}
