/// An async/await connection: the same protocol engine as ``Connection``, with every blocking
/// read and write done on the connection's own I/O queue. Task cancellation cancels the
/// running query on the server.
public final class AsyncConnection: Sendable {
    /// The underlying synchronous connection.
    public let connection: Connection
    let executor: IOExecutor

    private init(connection: Connection, executor: IOExecutor) {
        self.connection = connection
        self.executor = executor
    }

    /// Connects and performs the handshake without blocking the caller's thread.
    public static func connect(_ configuration: ConnectionConfiguration) async throws -> AsyncConnection {
        let executor = IOExecutor(label: "chnative.\(configuration.host):\(configuration.port)")
        let connection = try await executor.run { try Connection(configuration: configuration) }
        return AsyncConnection(connection: connection, executor: executor)
    }

    /// What the server reported in its Hello.
    public var serverInfo: ServerInfo { connection.serverInfo }

    /// Whether the connection can run another query.
    public var isUsable: Bool { connection.isUsable }

    /// Closes the connection.
    public func close() async {
        let c = connection
        _ = try? await executor.run { c.close() }
    }

    /// Sends a Ping and waits for the Pong.
    public func ping() async throws {
        let c = connection
        try await withTaskCancellationHandler {
            try await executor.run { try c.ping() }
        } onCancel: { c.cancel() }
    }

    /// Runs `sql` to completion, discarding rows; returns the final progress.
    @discardableResult
    public func execute(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) async throws -> Progress {
        let c = connection
        return try await withTaskCancellationHandler {
            try await executor.run { try c.execute(sql, settings: settings, parameters: parameters) }
        } onCancel: { c.cancel() }
    }

    /// Runs `sql` and collects all blocks (for small results; use ``stream(_:settings:parameters:)`` for large ones).
    public func queryAll(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) async throws -> [Block] {
        var blocks: [Block] = []
        for try await block in stream(sql, settings: settings, parameters: parameters) { blocks.append(block) }
        return blocks
    }

    /// Streams the blocks of `sql` as they arrive; each `next()` reads one block on the I/O
    /// queue, so memory holds one block at a time. Cancelling the consuming task cancels the query.
    public func stream(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) -> BlockStream {
        BlockStream(connection: self, sql: sql, settings: settings, parameters: parameters)
    }

    /// Inserts blocks into a table (see ``Connection/insert(into:database:columns:blocks:settings:)``).
    @discardableResult
    public func insert(into table: String, database: String? = nil, columns: [String]? = nil, blocks: [Block],
                       settings: [String: String] = [:]) async throws -> Progress {
        let c = connection
        return try await withTaskCancellationHandler {
            try await executor.run { try c.insert(into: table, database: database, columns: columns, blocks: blocks, settings: settings) }
        } onCancel: { c.cancel() }
    }
}

/// The blocks of one query, read lazily from an ``AsyncConnection``.
public struct BlockStream: AsyncSequence, Sendable {
    public typealias Element = Block
    let connection: AsyncConnection
    let sql: String
    let settings: [String: String]
    let parameters: [String: String]

    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self)
    }

    /// Reads one block per call on the connection's I/O queue.
    public final class Iterator: AsyncIteratorProtocol {
        let stream: BlockStream
        private var result: UncheckedBox<QueryResult>?
        private var finished = false

        init(stream: BlockStream) { self.stream = stream }

        public func next() async throws -> Block? {
            if finished { return nil }
            let c = stream.connection.connection
            let executor = stream.connection.executor
            do {
                let box: UncheckedBox<QueryResult>
                if let existing = result {
                    box = existing
                } else {
                    let (sql, settings, parameters) = (stream.sql, stream.settings, stream.parameters)
                    box = try await executor.run { UncheckedBox(value: try c.query(sql, settings: settings, parameters: parameters)) }
                    result = box
                }
                let block = try await withTaskCancellationHandler {
                    try await executor.run { try box.value.next() }
                } onCancel: { c.cancel() }
                if block == nil { finished = true }
                return block
            } catch {
                finished = true
                throw error
            }
        }
    }
}
