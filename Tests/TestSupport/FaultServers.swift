import Foundation
import SwiftProtobuf

#if canImport(Glibc)
import Glibc
#endif

/// A raw-socket server on 127.0.0.1 that accepts TCP connections and never says a word (no TLS
/// handshake, no HTTP/2 settings): what a wedged or wrong server looks like to a client.
public final class SilentServer: @unchecked Sendable {
  /// The port it listens on.
  public let port: Int
  private let socketDescriptor: Int32
  private var accepted: [Int32] = []
  private let lock = NSLock()
  private var closed = false

  /// `127.0.0.1:PORT`.
  public var address: String { "127.0.0.1:\(port)" }

  /// Starts listening (port 0: the system picks one) and accepting in the background.
  public init() throws {
    let (descriptor, port) = try LoopbackSocket.listen()
    self.socketDescriptor = descriptor
    self.port = port
    Thread { [self] in
      while true {
        let client = accept(descriptor, nil, nil)
        if client < 0 { return }
        lock.lock()
        if closed {
          close(client)
          lock.unlock()
          return
        }
        accepted.append(client)
        lock.unlock()
      }
    }.start()
  }

  deinit {
    lock.lock()
    closed = true
    for client in accepted { close(client) }
    lock.unlock()
    shutdown(socketDescriptor, Int32(SHUT_RDWR))
    close(socketDescriptor)
  }
}

/// A TCP proxy on 127.0.0.1 that forwards to a local port and counts the connections it took.
public final class CountingProxy: @unchecked Sendable {
  /// The port it listens on.
  public let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var count = 0

  /// Starts forwarding to `127.0.0.1:target`.
  public init(to target: Int) throws {
    let (descriptor, port) = try LoopbackSocket.listen()
    self.listener = descriptor
    self.port = port
    Thread { [self] in
      while true {
        let client = accept(descriptor, nil, nil)
        if client < 0 { return }
        lock.lock()
        count += 1
        lock.unlock()
        guard let upstream = try? LoopbackSocket.connect(port: target) else {
          close(client)
          continue
        }
        Self.pump(from: client, to: upstream)
        Self.pump(from: upstream, to: client)
      }
    }.start()
  }

  /// How many connections were accepted so far.
  public func connections() -> Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }

  private static func pump(from source: Int32, to destination: Int32) {
    Thread {
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let got = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if got <= 0 { break }
        var offset = 0
        while offset < got {
          let sent = buffer[offset ..< got].withUnsafeBytes {
            write(destination, $0.baseAddress, $0.count)
          }
          if sent <= 0 { break }
          offset += sent
        }
      }
      shutdown(destination, Int32(SHUT_WR))
    }.start()
  }

  deinit {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }
}

/// Loopback TCP sockets for the fault servers.
enum LoopbackSocket {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func address(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  static func listen() throws -> (Int32, Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(description: "socket failed") }
    var address = address(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
      close(descriptor)
      throw Failure(description: "bind/listen failed")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
  }

  static func connect(port: Int) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = address(port: port)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(descriptor)
      throw Failure(description: "connect failed")
    }
    return descriptor
  }
}

/// Reads protosets written by grpcall and compares descriptors across compilers.
public enum ProtosetFile {
  /// The files of a `FileDescriptorSet` file.
  public static func files(at path: String) throws -> [Google_Protobuf_FileDescriptorProto] {
    try Google_Protobuf_FileDescriptorSet(
      serializedBytes: try Data(contentsOf: URL(fileURLWithPath: path))
    ).file
  }

  /// A file without what only some producers write: source info and `json_name`.
  public static func normalized(
    _ file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_FileDescriptorProto {
    var file = file
    file.clearSourceCodeInfo()
    func clean(_ message: inout Google_Protobuf_DescriptorProto) {
      for i in message.field.indices { message.field[i].clearJsonName() }
      for i in message.nestedType.indices { clean(&message.nestedType[i]) }
    }
    for i in file.messageType.indices { clean(&file.messageType[i]) }
    return file
  }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (for servers that start late).
public enum FreePort {
  /// Binds port 0, reads the port the system chose, and closes it again.
  public static func pick() throws -> Int {
    let (descriptor, port) = try LoopbackSocket.listen()
    close(descriptor)
    return port
  }
}
