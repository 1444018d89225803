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
        var prepared: IndexingIterator<[(Block, [String])]>?
        return try streamInsert(sql: sql, settings: settings) { target in
            if prepared == nil { prepared = try prepare(target.sample).makeIterator() }
            return prepared?.next()
        }
    }
}
