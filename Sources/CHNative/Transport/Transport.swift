import Synchronization

/// A bidirectional byte stream to the server: plain TCP or TLS over TCP.
package protocol Transport: ByteSource, ByteSink {
    /// Closes the stream; further reads and writes fail.
    func close()
    /// Human-readable peer, for error messages.
    var peerDescription: String { get }
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
