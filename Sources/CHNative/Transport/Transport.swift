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
    /// Called when a read is woken by ``wakeDescriptor`` (or, without one, has waited a while
    /// with nothing arriving) so that a cancel requested by another thread is sent; may throw
    /// to abort the read.
    var onIdle: (() throws -> Void)? { get set }
    /// A descriptor a blocked read also waits on (``InterruptFlag``); -1 for none.
    var wakeDescriptor: Int32 { get set }
    /// Whether the server has sent bytes that a read would return now, without waiting
    /// (`false` when the transport cannot tell). Lets an insert pick up the packets the server
    /// sends between data blocks before sending the next one.
    func hasInputReady() -> Bool
}

extension Transport {
    package func hasInputReady() -> Bool { false }
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
///
/// Raising it also writes to a pipe whose read end the socket polls next to itself, so a
/// read waiting for the server wakes at once — no periodic polling while a query is silent.
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let pipe: (read: Int32, write: Int32)?
    init() { pipe = Platform.makeWakePipe() }
    deinit {
        if let pipe {
            Platform.closeDescriptor(pipe.read)
            Platform.closeDescriptor(pipe.write)
        }
    }
    /// The descriptor that becomes readable when the flag is raised (-1 without one).
    var wakeDescriptor: Int32 { pipe?.read ?? -1 }
    func raise() {
        raised.store(true, ordering: .relaxed)
        if let pipe { Platform.wake(pipe.write) }
    }
    func reset() {
        raised.store(false, ordering: .relaxed)
        if let pipe { Platform.drainWakePipe(pipe.read) }
    }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}
