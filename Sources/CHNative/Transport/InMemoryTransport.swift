/// A transport over bytes in memory: reads come from a script of the server's side (e.g. a
/// captured conversation), writes are recorded. It lets the whole ``Connection`` — handshake,
/// packets, compression, the state machine — run in a test without a socket or a server.
///
/// Reads hand out at most ``chunkSize`` bytes at a time (so reads across packet boundaries
/// are exercised); reading past the script's end throws `connectionClosed`, as a server that
/// hung up would.
package final class InMemoryTransport: Transport, @unchecked Sendable {
    private let script: [UInt8]
    private var position = 0
    /// Everything the client wrote, in order.
    package private(set) var written: [UInt8] = []
    /// At most this many bytes per read.
    package let chunkSize: Int
    package private(set) var isClosed = false
    package var timeouts = Timeouts()
    package var onIdle: (() throws -> Void)?
    package var wakeDescriptor: Int32 = -1
    package var peerDescription: String { "in-memory server" }

    /// A transport whose reads return `script`, `chunkSize` bytes at a time at most.
    package init(script: [UInt8], chunkSize: Int = 4096) {
        self.script = script
        self.chunkSize = max(1, chunkSize)
    }

    /// How many bytes of the script the client has not read.
    package var unread: Int { script.count - position }

    package func fill(_ buffer: ReadBuffer) throws {
        guard !isClosed else { throw ClickHouseError.connectionClosed(.init("in-memory transport is closed", endpoint: peerDescription)) }
        guard position < script.count else {
            throw ClickHouseError.connectionClosed(.init("the in-memory server's script ended", endpoint: peerDescription))
        }
        let n = min(chunkSize, script.count - position)
        try script.withUnsafeBytes { try buffer.append(UnsafeRawBufferPointer(rebasing: $0[position..<(position + n)])) }
        position += n
    }

    package func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int { 0 }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !isClosed else { throw ClickHouseError.connectionClosed(.init("in-memory transport is closed", endpoint: peerDescription)) }
        written.append(contentsOf: bytes)
    }

    package func close() { isClosed = true }
}
