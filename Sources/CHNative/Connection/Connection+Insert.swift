extension Connection {
    /// Inserts `blocks` into `table` as native blocks.
    ///
    /// The server's sample block is checked against the data before anything is sent: every
    /// column must be present by name with the server's type (a plain column is accepted for a
    /// `Nullable` or `LowCardinality(String)` target and converted). A mismatch throws
    /// ``ClickHouseError/invalidInput(_:)`` naming the column, and nothing is inserted.
    ///
    /// - Parameters:
    ///   - table: the table name. Quoted as an identifier.
    ///   - database: the database that qualifies `table` (`nil`: the connection's). Quoted as
    ///     an identifier.
    ///   - columns: the columns to insert (defaults to the first block's names).
    ///   - blocks: the data, one native block each, with the columns named by `columns`.
    ///   - settings: settings for this insert; they override the connection's.
    /// - Returns: the server's progress (written rows and bytes).
    @discardableResult
    public func insert(into table: String, database: String? = nil, columns: [String]? = nil, blocks: [Block],
                       settings: [String: String] = [:]) throws -> Progress {
        let names = columns ?? blocks.first?.names ?? []
        guard !names.isEmpty else { throw ClickHouseError.invalidInput("an insert needs at least one column") }
        let target = (database.map { SQLIdentifier.quote($0) + "." } ?? "") + SQLIdentifier.quote(table)
        let sql = "INSERT INTO \(target) (\(names.map(SQLIdentifier.quote).joined(separator: ", "))) VALUES"
        return try insert(sql: sql, blocks: blocks, settings: settings)
    }

    /// Runs an `INSERT ... VALUES` statement (without data) and sends `blocks` as its data.
    @discardableResult
    public func insert(sql: String, blocks: [Block], settings: [String: String] = [:]) throws -> Progress {
        try insert(sql: sql, settings: settings) { sample in try blocks.map { try InsertPlanner.conform($0, to: sample) } }
    }

    /// Runs an `INSERT ... VALUES` statement and sends the blocks `prepare` makes from the
    /// server's sample block (with the type names to send); a throw from `prepare` ends the
    /// insert without inserting anything.
    func insert(sql: String, settings: [String: String], prepare: (Block) throws -> [(Block, [String])]) throws -> Progress {
        try exclusive {
            try finishActiveResult()
            try beginQuery()
            var log = logger
            let id = Connection.makeQueryID()
            log[metadataKey: "clickhouse.query_id"] = "\(id)"
            let result = QueryResult(connection: self, queryID: id, logger: log)
            result.isInsert = true
            result.span = QueryTracing.start(sql, queryID: id, insert: true, on: self)
            log.debug("insert started")
            let sample: Block
            do {
                try sendQuery(sql, queryID: result.queryID, settings: settings, parameters: [:])
                // The server answers with the sample block of the target columns.
                guard let s = try readSampleBlock(result) else {
                    throw ClickHouseError.protocolViolation("the server ended the insert without asking for data")
                }
                sample = s
            } catch {
                // Refused before any data: the result ends here (log, metrics, span).
                result.ended(error as? ClickHouseError ?? .invalidState("\(error)"))
                throw error
            }
            let prepared: [(Block, [String])]
            do {
                prepared = try prepare(sample)
            } catch {
                try endInsert(result)
                throw error
            }
            for (block, typeNames) in prepared where block.rowCount > 0 {
                try writeDataPacket(block, typeNames: typeNames)
                if output.count >= 1 << 20 { try flush() }
            }
            try endInsert(result)
            return result.progress
        }
    }

    /// Reads until the sample block; returns `nil` if the statement ended without one.
    private func readSampleBlock(_ result: QueryResult) throws -> Block? {
        while true {
            switch machine.received(try readPacket(), cancelRequested: cancelRequested) {
            case .data(let b): return b
            case .failed(let e): throw e
            case .finished: return nil
            case .timezone(let tz): sessionTimezone = tz
            case .progress, .profileInfo, .log, .profileEvents, .tableColumns, .none, .totals, .extremes:
                continue
            }
        }
    }

    /// Sends the empty block that ends the data and reads until EndOfStream.
    private func endInsert(_ result: QueryResult) throws {
        try writeDataPacket(Block(unchecked: [], columns: []))
        try flush()
        try result.drainUnlocked()
    }
}
