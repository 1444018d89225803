import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Connection {
    /// Starts `sql` and returns its streaming result. Settings override the connection's;
    /// `parameters` fill `{name:Type}` placeholders server-side (values as plain text).
    ///
    /// `logger` replaces the configuration's logger for this query (its metadata, e.g. a
    /// request id, then appears on every line the query logs).
    public func query(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:],
                      queryID: String? = nil, logger queryLogger: Logger? = nil) throws -> QueryResult {
        try exclusive {
            try finishActiveResult()
            let id = queryID ?? Connection.makeQueryID()
            try beginQuery()
            do {
                try sendQuery(sql, queryID: id, settings: settings, parameters: parameters)
            } catch let error as ClickHouseError where !error.isConnectionBroken {
                machine.queryNotSent()
                throw error
            }
            var log = queryLogger ?? logger
            if queryLogger != nil {
                log[metadataKey: "clickhouse.host"] = "\(address.host)"
                log[metadataKey: "clickhouse.port"] = "\(address.port)"
            }
            log[metadataKey: "clickhouse.query_id"] = "\(id)"
            let result = QueryResult(connection: self, queryID: id, logger: log)
            result.span = QueryTracing.start(sql, queryID: id, insert: false, on: self)
            log.debug("query started")
            // The text and parameter values may hold data: at trace level only.
            log.trace("query text", metadata: ["clickhouse.query": "\(sql)", "clickhouse.parameters": "\(parameters)"])
            activeResult = result
            return result
        }
    }

    /// Runs `sql` to completion and discards any rows (DDL, `INSERT ... SELECT`, `SET` ...).
    /// Returns the final progress.
    @discardableResult
    public func execute(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:],
                        queryID: String? = nil) throws -> Progress {
        let result = try query(sql, settings: settings, parameters: parameters, queryID: queryID)
        try result.drain()
        return result.progress
    }

    /// Runs `sql` and collects every block (for small results).
    public func queryAll(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) throws -> [Block] {
        let result = try query(sql, settings: settings, parameters: parameters)
        var blocks: [Block] = []
        while let b = try result.next() { blocks.append(b) }
        return blocks
    }

    /// Finishes the query of an abandoned result so the connection can be reused: cancels it
    /// and drains it — through the result when someone still holds it, else (a `for try await`
    /// left early, a result dropped) straight from the connection.
    func finishActiveResult() throws {
        let active = activeResult
        activeResult = nil
        if let active, !active.isFinished {
            try finishRunningQuery { try active.drainUnlocked() }
        } else if case .inQuery = machine.state {
            logger.debug("finishing the query of a result released before its end")
            try finishRunningQuery { try drainReleasedQuery() }
        }
    }

    /// Raises the cancel flag and runs `drain`; a connection whose query is still running
    /// afterwards is marked broken, and then the caller is told.
    private func finishRunningQuery(_ drain: () throws -> Void) throws {
        interrupt.raise()
        do { try drain() } catch let e as ClickHouseError where e.isConnectionBroken {
            markBroken(e)
        } catch {}
        if case .inQuery = machine.state { markBroken(ClickHouseError.invalidState("abandoned query could not be finished")) }
        if !isUsable { throw ClickHouseError.invalidState("the previous query could not be finished; the connection is closed") }
    }

    /// Reads the stream of a query nobody reads any more to its end, sending the Cancel.
    private func drainReleasedQuery() throws {
        while true {
            if cancelRequested { try sendCancel() }
            switch machine.received(try readPacket(), cancelRequested: cancelRequested) {
            case .finished, .failed: return
            case .timezone(let tz): sessionTimezone = tz
            default: continue
            }
        }
    }

    static func makeQueryID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { bytes[i] = UInt8.random(in: 0...255) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-" + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}
