import CHNative

/// What ingestion needs of a connection: native inserts, and whether it can still be used.
///
/// ``Connection`` is the one that talks to ClickHouse. The protocol is the seam that lets the
/// batching, back-pressure and retry logic of ``BatchWriter`` run in tests without a server
/// (``IngestConfiguration/openConnection``); the integration tests run the same logic against
/// real servers.
public protocol InsertConnection: AnyObject {
    /// Inserts `blocks` into `database.table` with the given per-query settings.
    func insertBlocks(into table: String, database: String, blocks: [Block], settings: [String: String]) throws
    /// Whether the connection can take another insert (false after a network failure).
    var isUsable: Bool { get }
    /// Closes the connection.
    func close()
}

extension Connection: InsertConnection {
    public func insertBlocks(into table: String, database: String, blocks: [Block], settings: [String: String]) throws {
        try insert(into: table, database: database, blocks: blocks, settings: settings)
    }
}

/// Opens the connections a ``BatchWriter`` inserts through.
public typealias InsertConnectionOpener = @Sendable (ConnectionConfiguration) throws -> any InsertConnection
