import Synchronization
import Foundation

/// A TCP proxy on 127.0.0.1 in front of a real server that records what the server sends
/// on each connection, to make ``Capture``s.
public final class RecordingProxy: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let targetPort: Int
    private let recorded = Mutex<[[UInt8]]>([])
    private let stopped = Atomic<Bool>(false)

    /// A proxy to the server at 127.0.0.1:`targetPort`.
    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        (listener, port) = try LoopbackSocket.makeListener()
        Thread.detachNewThread { [self] in serve() }
    }

    deinit { stop() }

    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        LoopbackSocket.shutdownBoth(listener)
        LoopbackSocket.closeSocket(listener)
    }

    /// The server's bytes of every finished connection so far, in order, and forgets them.
    public func takeRecordings() -> [[UInt8]] {
        recorded.withLock { r in defer { r = [] }; return r }
    }

    private func serve() {
        while !stopped.load(ordering: .relaxed), let client = LoopbackSocket.acceptClient(listener) {
            guard let upstream = try? LoopbackSocket.connectTo(port: targetPort) else {
                LoopbackSocket.closeSocket(client)
                continue
            }
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                Self.pump(from: client, to: upstream, record: nil)
                done.signal()
            }
            var fromServer: [UInt8] = []
            Self.pump(from: upstream, to: client, record: &fromServer)
            done.wait()
            LoopbackSocket.closeSocket(client)
            LoopbackSocket.closeSocket(upstream)
            recorded.withLock { $0.append(fromServer) }
        }
    }

    private static func pump(from: Int32, to: Int32, record: UnsafeMutablePointer<[UInt8]>?) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { LoopbackSocket.readSome(from, into: $0) }
            if n <= 0 { break }
            record?.pointee.append(contentsOf: buffer[0..<n])
            let ok = buffer.withUnsafeBytes { LoopbackSocket.writeAll(to, UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            if !ok { break }
        }
        LoopbackSocket.shutdownWrite(to)
    }

    private static func pump(from: Int32, to: Int32, record: inout [UInt8]) {
        withUnsafeMutablePointer(to: &record) { pump(from: from, to: to, record: $0) }
    }
}
