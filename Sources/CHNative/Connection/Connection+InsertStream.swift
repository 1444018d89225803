extension Connection {
    /// Runs an `INSERT` statement without data and sends the blocks `next` returns, one at a
    /// time as it returns them, until it returns `nil`; then the empty block that ends the data.
    /// Memory holds the block being sent, never all of them.
    ///
    /// `next` is called with the server's sample block (and what the server said about the
    /// table) each time. Each block it returns is checked against the sample as
    /// ``insert(sql:blocks:settings:)`` checks its blocks (columns by name, types converted
    /// where safe); a block with no rows is skipped.
    ///
    /// What is inserted when something fails part-way:
    /// - `next` throws: the insert is ended normally — the end of the data is sent, so every
    ///   block `next` returned before is inserted, and none after — then the error is
    ///   rethrown. The connection stays usable. (Ending an insert any other way, with a Cancel
    ///   packet or by disconnecting, leaves an unpredictable part of the blocks already sent
    ///   in the table: measured on 26.9, none of a few small blocks but 3.3 million of 5.5
    ///   million rows sent in blocks of 1.1 million; on 18.16, all of them.)
    /// - The server refuses a block: its exception is thrown (as
    ///   ``ClickHouseError/server(_:)``) as soon as it arrives, and `next` is not called again.
    ///   What the table keeps of a refused insert is the server's affair (a `MergeTree` may
    ///   keep parts written before the failure).
    ///
    /// - Returns: the server's progress (written rows and bytes).
    @discardableResult
    public func insert(sql: String, settings: [String: String] = [:],
                       blocks next: (InsertTarget) throws -> Block?) throws -> Progress {
        try streamInsert(sql: sql, settings: settings) { target in
            try next(target).map { try InsertPlanner.conform($0, to: target.sample) }
        }
    }

    /// The streaming insert: sends the query, reads the sample block, then sends each block
    /// `next` returns (with the type names to send) as it comes, reading what the server sends
    /// between blocks so that neither side waits for the other.
    func streamInsert(sql: String, settings: [String: String],
                      next: (InsertTarget) throws -> (Block, [String])?) throws -> Progress {
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
            let target: InsertTarget
            do {
                try sendQuery(sql, queryID: result.queryID, settings: settings, parameters: [:])
                // The server answers with the sample block of the target columns.
                guard let t = try readInsertTarget(result) else {
                    throw ClickHouseError.protocolViolation("the server ended the insert without asking for data")
                }
                target = t
            } catch {
                // Refused before any data: the result ends here (log, metrics, span).
                result.ended(error as? ClickHouseError ?? .invalidState("\(error)"))
                throw error
            }
            while true {
                let produced: (Block, [String])?
                do {
                    produced = try next(target)
                } catch {
                    // Everything sent so far is inserted: see insert(sql:settings:blocks:).
                    try endInsert(result)
                    throw error
                }
                guard let (block, typeNames) = produced else { break }
                guard block.rowCount > 0 else { continue }
                try sendInsertBlock(block, typeNames: typeNames, result: result)
            }
            try endInsert(result)
            return result.progress
        }
    }

    /// Reads until the sample block; `nil` if the statement ended without one.
    private func readInsertTarget(_ result: QueryResult) throws -> InsertTarget? {
        var description: String?
        while true {
            switch machine.received(try readPacket(), cancelRequested: cancelRequested) {
            case .data(let sample):
                return InsertTarget(sample: sample, columnDescription: description,
                                    timezone: queryTimezone ?? sessionTimezone ?? serverInfo.timezone)
            case .failed(let e): throw e
            case .finished: return nil
            case .timezone(let tz): sessionTimezone = tz
            case .tableColumns(_, let d): description = d
            case .progress, .profileInfo, .log, .profileEvents, .none, .totals, .extremes:
                continue
            }
        }
    }

    /// Sends one block, then takes in whatever the server has sent meanwhile (a ProfileEvents
    /// packet per block from 26.9; an exception when it refuses the data).
    private func sendInsertBlock(_ block: Block, typeNames: [String], result: QueryResult) throws {
        do {
            try writeDataPacket(block, typeNames: typeNames)
            try flush()
        } catch let error as ClickHouseError where error.isConnectionBroken {
            // A server that refused the data may have closed the connection after saying why.
            if let refusal = pendingRefusal(result) { throw refusal }
            throw error
        }
        try absorbPendingPackets(result)
    }

    /// Reads the packets that have already arrived, without waiting for more. A server
    /// exception ends the insert: on servers that skip the rest of a refused insert's data
    /// (revision 54441 and later) the empty block that ends the data is sent, so the server
    /// is ready for the next query; older ones close the connection (the next query reconnects).
    private func absorbPendingPackets(_ result: QueryResult) throws {
        while input.available > 0 || transport.hasInputReady() {
            let action = machine.received(try readPacket(), cancelRequested: cancelRequested)
            do {
                _ = try result.absorb(action)
            } catch let error as ClickHouseError {
                if case .server = error, case .idle = machine.state {
                    try writeDataPacket(Block(unchecked: [], columns: []))
                    try flush()
                }
                throw error
            }
            if result.isFinished {
                throw ClickHouseError.protocolViolation("the server ended the insert before the end of its data")
            }
        }
    }

    /// After a failed write: the server's exception, if one has arrived and can be read.
    private func pendingRefusal(_ result: QueryResult) -> ClickHouseError? {
        guard input.available > 0 || transport.hasInputReady() else { return nil }
        guard let packet = try? readPacket(), case .exception = packet else { return nil }
        let action = machine.received(packet, cancelRequested: cancelRequested)
        do {
            _ = try result.absorb(action)
            return nil
        } catch let error as ClickHouseError {
            // The transport is gone: only a server that closes anyway may reconnect.
            if case .idle = machine.state { markBroken(error) }
            return error
        } catch {
            return nil
        }
    }

    /// Sends the empty block that ends the data and reads until EndOfStream.
    func endInsert(_ result: QueryResult) throws {
        try writeDataPacket(Block(unchecked: [], columns: []))
        try flush()
        try result.drainUnlocked()
    }
}
