extension Connection {
    /// Runs `sql` and decodes every row into `T` with ``RowDecoder`` (columns matched to
    /// properties by name).
    ///
    /// ```swift
    /// struct Hit: Decodable { let url: String; let hits: UInt64 }
    /// let top = try connection.query("SELECT url, count() AS hits FROM visits GROUP BY url", as: Hit.self)
    /// ```
    public func query<T: Decodable>(_ sql: String, as type: T.Type, settings: [String: String] = [:],
                                    parameters: [String: String] = [:]) throws -> [T] {
        try RowDecoder().decode(type, from: try query(sql, settings: settings, parameters: parameters))
    }

    /// Inserts `rows` into `table`, one row per value, mapping properties to the table's
    /// columns by name.
    ///
    /// The columns are the union of the keys the values encode (in first-seen order); a
    /// property that is `nil` (or absent) in some row becomes NULL there, and a column no row
    /// names gets the table's default. Values are converted to the types of the server's sample
    /// block exactly — an integer out of range, a string in a number column, a NULL in a
    /// non-Nullable column or a key that is not a column throws
    /// ``ClickHouseError/invalidInput(_:)`` naming the column and the row, and nothing is
    /// inserted.
    ///
    /// - Parameters:
    ///   - table: the table name.
    ///   - database: the database that qualifies `table` (`nil`: the connection's).
    ///   - rows: the values; structs (keyed containers) whose keys are column names.
    ///   - blockSize: rows per native block sent.
    ///   - settings: settings for this insert; they override the connection's.
    /// - Returns: the server's progress (written rows and bytes).
    @discardableResult
    public func insert<T: Encodable>(into table: String, database: String? = nil, rows: [T], blockSize: Int = 65_536,
                                     settings: [String: String] = [:]) throws -> Progress {
        try insert(into: table, database: database, encoded: try EncodedRows(rows), blockSize: blockSize, settings: settings)
    }

    func insert(into table: String, database: String?, encoded: EncodedRows, blockSize: Int, settings: [String: String]) throws -> Progress {
        guard !encoded.rows.isEmpty else { return Progress() }
        let target = (database.map { SQLIdentifier.quote($0) + "." } ?? "") + SQLIdentifier.quote(table)
        let sql = "INSERT INTO \(target) (\(encoded.columns.map(SQLIdentifier.quote).joined(separator: ", "))) VALUES"
        return try insert(sql: sql, settings: settings) { sample in try encoded.blocks(for: sample, blockSize: blockSize) }
    }
}
