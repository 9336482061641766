import GRPCallCore
import ProtoCodec
import ProtoSchema

/// Prints a non-OK status the way grpcurl does: the `ERROR:` block, or with `-format-error` the
/// `google.rpc.Status` as JSON.
struct StatusPrinter {
  let formatAsJSON: Bool

  /// The text for stderr.
  func render(_ status: CallStatus) -> String {
    if formatAsJSON { return renderJSON(status) }
    var text = "ERROR:\n  Code: \(status.codeName)\n  Message: \(status.message)\n"
    let details = decodedDetails(status)
    if !details.isEmpty {
      text += "  Details:\n"
      for (index, detail) in details.enumerated() {
        let prefix = "  \(index + 1))"
        let lines = detail.split(separator: "\n", omittingEmptySubsequences: false)
        text +=
          prefix + "\t"
          + lines.joined(separator: "\n" + String(repeating: " ", count: prefix.count) + "\t")
          + "\n"
      }
    }
    return text
  }

  private func renderJSON(_ status: CallStatus) -> String {
    var writer = JSONWriter()
    writer.beginObject()
    writer.key("code")
    writer.raw(String(status.code))
    if !status.message.isEmpty {
      writer.key("message")
      writer.string(status.message)
    }
    writer.endObject()
    return String(decoding: writer.output, as: UTF8.self)
  }

  /// The `details` of `grpc-status-details-bin`, each as compact JSON (`@type` first).
  private func decodedDetails(_ status: CallStatus) -> [String] {
    guard let bytes = status.details else { return [] }
    var reader = BinaryReader(bytes)
    var details: [String] = []
    while !reader.isAtEnd {
      guard let (number, wireType) = try? reader.readTag() else { break }
      if number == 3, wireType == .lengthDelimited, let range = try? reader.readLengthDelimited() {
        details.append(describeAny(Array(bytes[range])))
      } else if (try? reader.skip(wireType, number: number)) == nil {
        break
      }
    }
    return details
  }

  private func describeAny(_ any: [UInt8]) -> String {
    var reader = BinaryReader(any)
    var typeURL = ""
    var value: [UInt8] = []
    while !reader.isAtEnd {
      guard let (number, wireType) = try? reader.readTag() else { break }
      guard wireType == .lengthDelimited, let range = try? reader.readLengthDelimited() else {
        if (try? reader.skip(wireType, number: number)) == nil { break }
        continue
      }
      if number == 1 { typeURL = String(decoding: any[range], as: UTF8.self) }
      if number == 2 { value = Array(any[range]) }
    }
    let typeName = typeURL.split(separator: "/").last.map(String.init) ?? typeURL
    return
      "{\"@error\":\"\(typeName) is not recognized; see @value for raw binary message data\",\"@type\":\"\(typeURL)\",\"@value\":\"\(Base64.encode(value))\"}"
  }
}
