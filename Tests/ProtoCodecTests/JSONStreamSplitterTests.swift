import ProtoCodec
import Testing

/// Splitting concatenated JSON values (a client stream's `-d @` input) must not depend on how
/// the input arrives in chunks.
@Suite struct JSONStreamSplitterTests {
  static let values = [
    #"{"name":"a}b","nested":{"x":[1,{"y":"\"}"}]}}"#,
    #"{}"#,
    #"[1,2,{"a":"]"}]"#,
    #""a \" string""#,
    #"42"#,
    #"{"escaped":"\\","after":true}"#,
  ]

  @Test(arguments: [1, 2, 3, 7, 64, 100_000])
  func chunkSizeDoesNotMatter(chunkSize: Int) {
    let input = Array(Self.values.joined(separator: " \n\t").utf8)
    var splitter = JSONStreamSplitter()
    var found: [String] = []
    var start = 0
    while start < input.count {
      let end = min(start + chunkSize, input.count)
      found += splitter.append(Array(input[start ..< end])).map {
        String(decoding: $0, as: UTF8.self)
      }
      start = end
    }
    if let last = splitter.finish() { found.append(String(decoding: last, as: UTF8.self)) }
    #expect(found == Self.values)
  }

  @Test func manyValuesInOneChunkComeOutInOrder() {
    let values = (0 ..< 5000).map { #"{"n":\#($0)}"# }
    var splitter = JSONStreamSplitter()
    let found = splitter.append(Array(values.joined(separator: "\n").utf8))
    #expect(found.map { String(decoding: $0, as: UTF8.self) } == values)
    #expect(splitter.finish() == nil)
  }

  @Test func anIncompleteValueIsReturnedAtTheEnd() {
    var splitter = JSONStreamSplitter()
    #expect(splitter.append(Array(#"{"a":1} {"b":"#.utf8)).count == 1)
    #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == #"{"b":"#)
  }
}
