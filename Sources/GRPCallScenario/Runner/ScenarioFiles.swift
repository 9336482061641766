#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scenario files named on the command line: files as given, directories searched for
/// `*.yaml` and `*.yml`, in name order.
public enum ScenarioFiles {
  /// Every scenario file under `paths`.
  public static func expand(_ paths: [String]) -> [String] {
    var files: [String] = []
    for path in paths {
      guard isDirectory(path),
        let found = try? FileManager.default.subpathsOfDirectory(atPath: path)
      else {
        files.append(path)
        continue
      }
      let yaml =
        found
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        .sorted()
      let prefix = path.hasSuffix("/") ? path : path + "/"
      files += yaml.map { prefix + $0 }
    }
    return files
  }

  /// Whether `path` is a directory, following symbolic links.
  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }
}
