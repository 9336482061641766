import Foundation

/// The scenario files named on the command line: files as given, directories searched for
/// `*.yaml` and `*.yml`, in name order.
public enum ScenarioFiles {
  /// Every scenario file under `paths`.
  public static func expand(_ paths: [String]) -> [String] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        files.append(path)
        continue
      }
      let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        .sorted()
      let prefix = path.hasSuffix("/") ? path : path + "/"
      files += found.map { prefix + $0 }
    }
    return files
  }
}
