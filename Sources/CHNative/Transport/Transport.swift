import Synchronization

/// A bidirectional byte stream to the server: plain TCP, TLS over TCP, or bytes in memory
/// (``InMemoryTransport``, for tests of the whole connection without a socket).
package protocol Transport: ByteSource, ByteSink {
    /// Closes the stream; further reads and writes fail.
    func close()
    /// Human-readable peer, for error messages.
    var peerDescription: String { get }
    /// The read, write and connect limits (the read limit is changed during the handshake).
    var timeouts: Timeouts { get set }
    /// Called when a read has waited a while with nothing arriving (so a cancel requested by
    /// another thread is sent); may throw to abort the read.
    var onIdle: (() throws -> Void)? { get set }
}

/// Opens the transport to one server of a configuration (TCP, with TLS when configured).
package typealias TransportConnector = @Sendable (ServerAddress, ConnectionConfiguration) throws -> any Transport

/// The connector of every public ``Connection``: TCP, then TLS when the configuration has it.
package let tcpConnector: TransportConnector = { address, configuration in
    let socket = try TCPSocket(host: address.host, port: address.port, timeouts: configuration.timeouts)
    if let tls = configuration.tls { return try TLSStream(socket: socket, host: address.host, configuration: tls) }
    return socket
}

/// Timeouts applied to one connection, in seconds.
public struct Timeouts: Sendable, Hashable {
    /// Time allowed to establish TCP (and TLS) and complete the handshake.
    public var connect: Double
    /// Longest silence allowed while waiting for bytes from the server.
    public var read: Double
    /// Longest time a write may block.
    public var write: Double

    /// Creates timeouts; the defaults are 10 s to connect and 300 s for reads and writes.
    public init(connect: Double = 10, read: Double = 300, write: Double = 300) {
        self.connect = connect
        self.read = read
        self.write = write
    }
}

/// A flag another thread may raise to interrupt a blocked read (used for cancellation).
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    init() {}
    func raise() { raised.store(true, ordering: .relaxed) }
    func reset() { raised.store(false, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}
