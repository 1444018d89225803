extension AsyncConnection {
    /// Runs `sql` and decodes every row into `T` (see ``Connection/query(_:as:settings:parameters:)``).
    public func query<T: Decodable>(_ sql: String, as type: T.Type, settings: [String: String] = [:],
                                    parameters: [String: String] = [:]) async throws -> [T] {
        try RowDecoder().decode(type, from: try await queryAll(sql, settings: settings, parameters: parameters))
    }

    /// Inserts `rows` into `table`, properties mapped to columns by name (see
    /// ``Connection/insert(into:database:rows:blockSize:settings:)``). The rows are encoded on
    /// the caller's task, so `T` need not be `Sendable`.
    @discardableResult
    public func insert<T: Encodable>(into table: String, database: String? = nil, rows: [T], blockSize: Int = 65_536,
                                     settings: [String: String] = [:]) async throws -> Progress {
        let encoded = try EncodedRows(rows)
        let c = connection
        return try await withTaskCancellationHandler {
            try await executor.run { try c.insert(into: table, database: database, encoded: encoded, blockSize: blockSize, settings: settings) }
        } onCancel: { c.cancel() }
    }
}

extension Client {
    /// Runs `sql` on a pooled connection and decodes every row into `T`.
    ///
    /// ```swift
    /// struct Event: Codable { let id: UInt64; let name: String; let at: Date }
    /// let events = try await client.query("SELECT id, name, at FROM events", as: Event.self)
    /// ```
    public func query<T: Decodable>(_ sql: String, as type: T.Type, settings: [String: String] = [:],
                                    parameters: [String: String] = [:]) async throws -> [T] {
        try RowDecoder().decode(type, from: try await query(sql, settings: settings, parameters: parameters))
    }

    /// Inserts `rows` into `table` on a pooled connection, properties mapped to columns by name.
    @discardableResult
    public func insert<T: Encodable>(into table: String, database: String? = nil, rows: [T], blockSize: Int = 65_536,
                                     settings: [String: String] = [:]) async throws -> Progress {
        let encoded = try EncodedRows(rows)
        return try await withConnection { c in
            let inner = c.connection
            return try await withTaskCancellationHandler {
                try await c.executor.run { try inner.insert(into: table, database: database, encoded: encoded, blockSize: blockSize, settings: settings) }
            } onCancel: { inner.cancel() }
        }
    }
}
