import ArgumentParser
import GRPCallCore

/// Flags that say how to reach the server.
struct ConnectionFlags: ParsableArguments {
  @Flag(name: .dual("plaintext"), help: "Use plain-text HTTP/2 (no TLS).")
  var plaintext = false

  @Flag(
    name: .dual("insecure"),
    help: "Use TLS but skip verification of the server's certificate chain and host name."
  )
  var insecure = false

  @Option(
    name: .dual("cacert"),
    help: ArgumentHelp("PEM file of root CAs trusted to verify the server.", valueName: "file")
  )
  var cacert: String?

  @Option(
    name: .dual("cert"),
    help: ArgumentHelp("PEM client certificate for mutual TLS (needs -key).", valueName: "file")
  )
  var cert: String?

  @Option(
    name: .dual("key"),
    help: ArgumentHelp("PEM client private key for mutual TLS (needs -cert).", valueName: "file")
  )
  var key: String?

  @Option(
    name: .dual("authority"),
    help: ArgumentHelp("Value of the :authority pseudo-header.", valueName: "name")
  )
  var authority: String?

  @Option(
    name: .dual("servername"),
    help: ArgumentHelp(
      "TLS server name (SNI and certificate check), when it differs from -authority.",
      valueName: "name"
    )
  )
  var serverName: String?

  @Option(
    name: .dual("user-agent"),
    help: ArgumentHelp("Added to the user-agent header after grpcall/VERSION.", valueName: "text")
  )
  var userAgent: String?

  @Option(
    name: .dual("connect-timeout"),
    help: ArgumentHelp(
      "Longest wait for the connection (TCP, TLS and HTTP/2 settings), in seconds (default 10).",
      valueName: "seconds"
    )
  )
  var connectTimeout: Double?

  @Option(
    name: .customLong("compress"),
    help: ArgumentHelp(
      "Compress request messages: gzip, deflate or none (responses in gzip and deflate are always read).",
      valueName: "gzip|deflate|none"
    )
  )
  var compress: String = "none"

  @Flag(name: .dual("unix"), help: "The address is the path of a unix-domain socket.")
  var unix = false

  @Option(
    name: .dual("max-time"),
    help: ArgumentHelp(
      "Deadline for the whole operation, in seconds (sent as grpc-timeout).",
      valueName: "seconds"
    )
  )
  var maxTime: Double?

  @Option(
    name: .dual("keepalive-time"),
    help: ArgumentHelp("Send keepalive pings after this many idle seconds.", valueName: "seconds")
  )
  var keepaliveTime: Double?

  @Option(
    name: .dual("max-msg-sz"),
    help: ArgumentHelp(
      "Largest response message accepted, in bytes (default 4194304).",
      valueName: "bytes"
    )
  )
  var maxMessageSize: Int?

  func validate() throws {
    for (name, given) in [("insecure", insecure), ("cert", cert != nil), ("key", key != nil)]
    where plaintext && given {
      throw ValidationError("The -plaintext and -\(name) arguments are mutually exclusive.")
    }
    if (cert == nil) != (key == nil) {
      throw ValidationError(
        "The -cert and -key arguments must be used together and both be present."
      )
    }
    for (name, value) in [
      ("connect-timeout", connectTimeout), ("keepalive-time", keepaliveTime), ("max-time", maxTime),
    ] {
      if let value, value.isNaN {
        throw ValidationError("The -\(name) argument must be a number of seconds, not NaN.")
      }
      if let value, value < 0 {
        throw ValidationError("The -\(name) argument must not be negative.")
      }
    }
    if let maxMessageSize, maxMessageSize < 0 {
      throw ValidationError("The -max-msg-sz argument must not be negative.")
    }
    if RequestCompression(rawValue: compress) == nil {
      throw ValidationError("The --compress option must be 'gzip', 'deflate' or 'none'.")
    }
  }

  /// The connection options for `address`.
  func connectionOptions(address: String) throws(GRPCallError) -> ConnectionOptions {
    try ConnectionOptions(
      address: address,
      unix: unix,
      security: TransportSecurityOptions(
        plaintext: plaintext,
        insecure: insecure,
        caCertificatePath: cacert,
        certificatePath: cert,
        keyPath: key
      ),
      authority: authority,
      serverName: serverName,
      userAgent: userAgent,
      compression: RequestCompression(rawValue: compress) ?? .none,
      connectTimeoutSeconds: connectTimeout,
      keepaliveSeconds: keepaliveTime,
      maxReceiveMessageBytes: maxMessageSize
    )
  }

  /// The call deadline, if any.
  var deadline: Duration? {
    maxTime.flatMap(DurationText.duration(seconds:))
  }
}
