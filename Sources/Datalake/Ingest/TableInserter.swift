import CHNative
import Foundation

/// Writes the batches of one table over its own connection, retrying transient failures.
///
/// The ``BatchWriter`` keeps one per dataset so that the tables of a batch are inserted in
/// parallel; each is used by one thread at a time.
final class TableInserter: @unchecked Sendable {
    private let config: IngestConfiguration
    private var connection: (any InsertConnection)?
    /// Retries spent on the last insert that failed in the end (read by the writer thread
    /// after the insert returned).
    private(set) var retriesOfLastFailure = 0

    init(config: IngestConfiguration) {
        self.config = config
    }

    /// Inserts `buffer`'s rows, retrying transient failures (server restart, network, overload)
    /// on a fresh connection with growing pauses for up to ``IngestConfiguration/retryFor``
    /// seconds; returns the number of retries.
    func insert(_ buffer: RowBuffer) throws -> Int {
        let block = try buffer.block()
        let settings = ["insert_deduplication_token": buffer.deduplicationToken]
        let started = Date()
        var retries = 0
        var pause = 0.05
        while true {
            do {
                let conn = try openConnection()
                try conn.insertBlocks(into: buffer.dataset.table + config.tableSuffix, database: config.schema.database, blocks: [block], settings: settings)
                return retries
            } catch {
                if connection?.isUsable != true {
                    connection?.close()
                    connection = nil
                }
                guard RetryPolicy.isTransient(error), Date().timeIntervalSince(started) < config.retryFor else {
                    retriesOfLastFailure = retries
                    throw error
                }
                retries += 1
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, config.maxBackoff)
            }
        }
    }

    /// Closes the connection.
    func close() {
        connection?.close()
        connection = nil
    }

    private func openConnection() throws -> any InsertConnection {
        if let c = connection, c.isUsable { return c }
        let c = try config.openConnection(config.connection)
        connection = c
        return c
    }
}
