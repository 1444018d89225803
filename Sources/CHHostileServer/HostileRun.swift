import CHNative

/// Runs the real CHNative client against a ``ReplayServer`` serving one byte stream, the way an
/// application would: connect, query, read every block to the end, close.
public struct HostileRun {
    /// How one execution ended. Either is fine for a hostile stream; a crash or a hang is not.
    public enum Outcome: Sendable, Equatable {
        /// The stream decoded to a complete result: rows and blocks read.
        case completed(rows: Int, blocks: Int)
        /// The client refused the stream with an error.
        case failed(ClickHouseError)
    }

    public let server: ReplayServer
    /// Read timeout for the client: a stream that ends early must fail fast, never hang.
    public var readTimeout: Double = 2

    public init(server: ReplayServer) {
        self.server = server
    }

    /// Serves `bytes` to a fresh connection that runs `capture`'s query.
    public func run(_ bytes: [UInt8], like capture: Capture) -> Outcome {
        server.setPayload(bytes)
        let configuration = ConnectionConfiguration(
            host: "127.0.0.1", port: server.port, compression: capture.compression,
            timeouts: Timeouts(connect: readTimeout, read: readTimeout, write: readTimeout))
        do {
            let connection = try Connection(configuration: configuration)
            defer { connection.close() }
            let result = try connection.query(capture.header.query, settings: capture.header.settings)
            var rows = 0
            var blocks = 0
            while let block = try result.next() {
                rows += block.rowCount
                blocks += 1
                // Touch every value as an application printing the result would.
                var out = TextOutput()
                var formatter = ResultFormatter(format: .tabSeparated)
                formatter.write(block, to: &out)
            }
            return .completed(rows: rows, blocks: blocks)
        } catch let error as ClickHouseError {
            return .failed(error)
        } catch {
            return .failed(.invalidState("unexpected error type: \(error)"))
        }
    }
}
