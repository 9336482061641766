import GRPCallCore
import ProtoCodec
import ProtoSchema

/// Prints a non-OK status the way grpcurl does: the `ERROR:` block, or with `-format-error` the
/// `google.rpc.Status` as JSON.
struct StatusPrinter {
  /// With `-format-error`: print the status as a `google.rpc.Status` in this format.
  let formatError: MessageFormat?
  let schema: DescriptorPool

  /// The text for stderr.
  func render(_ status: CallStatus) -> String {
    if formatError == .text { return renderText(status) }
    if formatError != nil { return renderJSON(status) }
    var text =
      "ERROR:\n  Code: \(status.codeName)\n  Message: \(NetworkText.escaped(status.message))\n"
    let details = StatusDetails.json(of: status, schema: schema)
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

  /// The status as text format: `code: 5`, `message: "..."`, then each detail expanded.
  private func renderText(_ status: CallStatus) -> String {
    var text = "code: \(status.code)"
    if !status.message.isEmpty {
      text += "\nmessage: \"\(CEscape.escape(Array(status.message.utf8)))\""
    }
    let details = StatusDetails.text(of: status, schema: schema)
    for detail in details {
      text +=
        "\ndetails {\n" + detail.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        + "\n}"
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
}
