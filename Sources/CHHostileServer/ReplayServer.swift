import Synchronization
import Foundation

/// A TCP server on 127.0.0.1 that answers every client with a given byte string — a real
/// server's recorded stream, mutated or not — and then closes its side, whatever the client
/// sent. It reads and discards the client's bytes so the client never blocks writing.
public final class ReplayServer: @unchecked Sendable {
    /// The port clients connect to.
    public let port: Int
    private let listener: Int32
    private let payload = Mutex<[UInt8]>([])
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init() throws {
        (listener, port) = try LoopbackSocket.makeListener()
        Thread.detachNewThread { [self] in serve() }
    }

    deinit { stop() }

    /// The bytes the next client receives.
    public func setPayload(_ bytes: [UInt8]) {
        payload.withLock { $0 = bytes }
    }

    /// Stops accepting; safe to call more than once.
    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        LoopbackSocket.shutdownBoth(listener)
        LoopbackSocket.closeSocket(listener)
        finished.wait()
    }

    private func serve() {
        defer { finished.signal() }
        while !stopped.load(ordering: .relaxed), let client = LoopbackSocket.acceptClient(listener) {
            let bytes = payload.withLock { $0 }
            LoopbackSocket.setReceiveTimeout(client, seconds: 5)
            // The client writes its Hello and query while we write: drain it on another thread.
            let drained = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                var sink = [UInt8](repeating: 0, count: 64 << 10)
                while sink.withUnsafeMutableBytes({ LoopbackSocket.readSome(client, into: $0) }) > 0 {}
                drained.signal()
            }
            bytes.withUnsafeBytes { _ = LoopbackSocket.writeAll(client, $0) }
            LoopbackSocket.shutdownWrite(client)
            drained.wait()
            LoopbackSocket.closeSocket(client)
        }
    }
}
