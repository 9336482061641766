import ArgumentParser

extension NameSpecification {
  /// grpcurl's single-dash spelling (`-plaintext`) beside the POSIX one (`--plaintext`).
  static func dual(_ name: String) -> NameSpecification {
    [.customLong(name, withSingleDash: true), .customLong(name)]
  }
}
