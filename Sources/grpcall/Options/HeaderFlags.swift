import ArgumentParser
import GRPCallCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Flags that add request metadata.
struct HeaderFlags: ParsableArguments {
  @Option(
    name: .customShort("H"),
    help: ArgumentHelp(
      "A header 'name: value' sent with the RPC (repeatable).",
      valueName: "header"
    )
  )
  var headers: [String] = []

  @Option(
    name: .dual("rpc-header"),
    help: ArgumentHelp("A header sent with the RPC only (repeatable).", valueName: "header")
  )
  var rpcHeaders: [String] = []

  @Option(
    name: .dual("reflect-header"),
    help: ArgumentHelp(
      "A header sent with server reflection requests only (repeatable).",
      valueName: "header"
    )
  )
  var reflectHeaders: [String] = []

  mutating func validate() throws {
    RepeatedOptions.split(&headers)
    RepeatedOptions.split(&rpcHeaders)
    RepeatedOptions.split(&reflectHeaders)
  }

  @Flag(
    name: .dual("expand-headers"),
    help: "Expand ${NAME} references to environment variables in header values."
  )
  var expandHeaders = false

  @Flag(
    name: .customLong("show-secrets"),
    help: "Print credentials (authorization, cookies, *-token, *-secret headers) in verbose output."
  )
  var showSecrets = false

  /// Hides credentials in what is printed, unless --show-secrets.
  var redactor: SecretRedactor { SecretRedactor(showSecrets: showSecrets) }

  /// The metadata to send with the RPC itself.
  func rpcMetadata() throws(CommandFailure) -> HeaderList {
    let environment = expandHeaders ? ProcessInfo.processInfo.environment : nil
    do {
      return try HeaderList(headers + rpcHeaders, expandingFrom: environment)
    } catch {
      throw .runtime(failure(error))
    }
  }

  /// The metadata to send with server reflection requests.
  func reflectionMetadata() throws(CommandFailure) -> HeaderList {
    let environment = expandHeaders ? ProcessInfo.processInfo.environment : nil
    do {
      return try HeaderList(headers + reflectHeaders, expandingFrom: environment)
    } catch {
      throw .runtime(failure(error))
    }
  }

  /// grpcurl's words when `-expand-headers` was asked for, else plainly an invalid header.
  func failure(_ error: GRPCallError) -> String {
    expandHeaders
      ? "Failed to expand additional headers: \(Self.detail(error))"
      : "Invalid header: \(Self.detail(error))"
  }

  static func detail(_ error: GRPCallError) -> String {
    if case .invalidHeader(let reason) = error { return reason }
    return error.description
  }
}
