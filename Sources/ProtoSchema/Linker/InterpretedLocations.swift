import SwiftProtobuf

/// Moves option locations from their `uninterpreted_option` paths to the paths of the option
/// fields they set, as protoc's `OptionInterpreter::UpdateSourceCodeInfo` does: a matched
/// location takes the new path and its sub-locations (name parts, value) are dropped. Locations
/// of stripped source-retention options go too.
enum InterpretedLocations {
  static func rewrite(
    _ locations: [Google_Protobuf_SourceCodeInfo.Location],
    moving interpretedPaths: [DescriptorPath: DescriptorPath],
    dropping strippedPaths: [DescriptorPath]
  ) -> [Google_Protobuf_SourceCodeInfo.Location] {
    guard !interpretedPaths.isEmpty || !strippedPaths.isEmpty else { return locations }
    var result: [Google_Protobuf_SourceCodeInfo.Location] = []
    result.reserveCapacity(locations.count)
    var matched: DescriptorPath?
    for location in locations {
      if let prefix = matched, location.path.starts(with: prefix) { continue }
      matched = nil
      guard let destination = interpretedPaths[location.path] else {
        result.append(location)
        continue
      }
      matched = location.path
      var moved = location
      moved.path = destination
      result.append(moved)
    }
    guard !strippedPaths.isEmpty else { return result }
    return result.filter { location in
      !strippedPaths.contains { location.path.starts(with: $0) }
    }
  }
}
