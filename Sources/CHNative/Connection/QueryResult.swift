import Logging
import Tracing

/// The streaming result of one query on a ``Connection``: blocks are read from the socket
/// one at a time as ``next()`` is called, so memory holds one block, never the whole result.
///
/// Read it to the end (or call ``cancel()``/``drain()``); a connection starting a new query
/// finishes an abandoned result first.
///
/// `QueryResult` is deliberately not a `Sequence`: a sequence cannot throw, so a network or
/// server error part-way through would end the iteration as if the result were complete.
/// Read it with `while let block = try result.next() { … }`, or use
/// ``AsyncConnection/stream(_:settings:parameters:)``, which throws.
///
/// The result keeps its connection alive while it exists; once the connection is closed,
/// ``next()`` throws ``ClickHouseError/invalidState(_:)`` instead of reading.
public final class QueryResult {
    let connection: Connection
    /// The query's logger (query id and server in its metadata).
    let logger: Logger
    /// When the query was sent, for the elapsed time logged at its end.
    private let started = Deadline.now()
    /// Rows delivered so far.
    private var rowsRead = 0
    /// This result is an insert's (for the metrics).
    var isInsert = false
    /// The statement's span, ended with the result.
    var span: (any Span)?
    /// The id the query ran under.
    public let queryID: String
    /// Column names and types, available once the header block arrived (see ``readHeader()``).
    public private(set) var header: Block?
    /// Progress accumulated from every Progress packet.
    public private(set) var progress = Progress()
    /// Profile information, when the server sent it.
    public private(set) var profileInfo: ProfileInfo?
    /// The `WITH TOTALS` row block, when the server sent it.
    public private(set) var totals: Block?
    /// The extremes block (`extremes = 1`), when the server sent it.
    public private(set) var extremes: Block?
    /// Server log blocks (`send_logs_level`), in arrival order.
    public private(set) var logs: [Block] = []
    /// The number of ProfileEvents packets received.
    public private(set) var profileEventPackets = 0
    /// Counters from ProfileEvents packets (`increment` events summed, gauges last value),
    /// e.g. `InsertedRows`, `SelectedRows`, `RealTimeMicroseconds`.
    public private(set) var profileEvents: [String: Int64] = [:]
    /// `(table, column description)` pairs from TableColumns packets (inserts).
    public private(set) var tableColumns: [(table: String, description: String)] = []
    /// Called with each Progress packet as it arrives.
    public var onProgress: ((Progress) -> Void)?
    /// Whether EndOfStream (or an exception) has been read.
    public private(set) var isFinished = false
    private var pending: Block?

    init(connection: Connection, queryID: String, logger: Logger) {
        self.connection = connection
        self.queryID = queryID
        self.logger = logger
    }

    /// Reads until the header block (column names and types, no rows) has arrived and
    /// returns it; `nil` for statements without a result.
    @discardableResult
    public func readHeader() throws -> Block? {
        try connection.exclusive {
            while header == nil && !isFinished {
                if let block = try readNextDataBlock() {
                    if block.rowCount > 0 { pending = block }
                }
            }
            return header
        }
    }

    /// The next block with at least one row, or `nil` when the result is complete. Throws the
    /// server's exception, ``ClickHouseError/cancelled`` after ``cancel()``, or a transport error.
    public func next() throws -> Block? {
        try connection.exclusive { try nextUnlocked() }
    }

    func nextUnlocked() throws -> Block? {
        if let p = pending {
            pending = nil
            return p
        }
        while !isFinished {
            if let block = try readNextDataBlock(), block.rowCount > 0 { return block }
        }
        return nil
    }

    /// Reads the rest of the result and discards the rows.
    public func drain() throws {
        try connection.exclusive { try drainUnlocked() }
    }

    func drainUnlocked() throws {
        pending = nil
        while try nextUnlocked() != nil {}
    }

    /// Asks the server to stop the query; the next ``next()`` throws ``ClickHouseError/cancelled``
    /// once the server has acknowledged, and the connection stays usable.
    public func cancel() {
        connection.cancel()
    }

    /// Reads packets until a Data block (possibly empty) or the end.
    private func readNextDataBlock() throws -> Block? {
        guard !isFinished else { return nil }
        do {
            while true {
                if connection.cancelRequested { try connection.sendCancel() }
                let packet = try connection.readPacket()
                if let block = try absorb(connection.machine.received(packet, cancelRequested: connection.cancelRequested)) {
                    return block
                }
                if isFinished { return nil }
            }
        } catch let error as ClickHouseError where error.isConnectionBroken {
            isFinished = true
            throw error
        }
    }

    /// Applies what one packet means to the result: a Data block is returned (and counted),
    /// the end of the stream finishes the result, a failure finishes it and is thrown; other
    /// packets are recorded.
    func absorb(_ action: ConnectionStateMachine.PacketAction) throws -> Block? {
        switch action {
        case .data(let block):
            if header == nil { header = block }
            rowsRead += block.rowCount
            return block
        case .failed(let error):
            finish(error)
            throw error
        case .finished:
            finish(nil)
        case .progress(let p):
            progress.add(p)
            onProgress?(progress)
        case .profileInfo(let info): profileInfo = info
        case .totals(let b): totals = b
        case .extremes(let b): extremes = b
        case .log(let b): logs.append(b)
        case .profileEvents(let block):
            profileEventPackets += 1
            accumulate(profileEvents: block)
        case .tableColumns(let t, let d): tableColumns.append((t, d))
        case .timezone(let tz): connection.sessionTimezone = tz
        case .none: break
        }
        return nil
    }

    private func accumulate(profileEvents block: Block) {
        guard let names = block.column(named: "name"), let values = block.column(named: "value") else { return }
        let types = block.column(named: "type")
        for row in 0..<block.rowCount {
            guard case .bytes(let nameBytes) = names.value(at: row) else { continue }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value: Int64
            switch values.value(at: row) {
            case .int(let v): value = v
            case .uint(let v): value = Int64(clamping: v)
            default: continue
            }
            if case .enumValue(let kind, _)? = types?.value(at: row), kind == "gauge" {
                profileEvents[name] = value
            } else {
                // Server-sent increments: saturate rather than trap on a hostile sum.
                let (total, overflow) = profileEvents[name, default: 0].addingReportingOverflow(value)
                profileEvents[name] = overflow ? (value < 0 ? .min : .max) : total
            }
        }
        if let inserted = profileEvents["InsertedRows"] { progress.writtenRows = Swift.max(progress.writtenRows, UInt64(Swift.max(0, inserted))) }
        if let bytes = profileEvents["InsertedBytes"] { progress.writtenBytes = Swift.max(progress.writtenBytes, UInt64(Swift.max(0, bytes))) }
    }

    /// The statement ended before its result was read (an insert refused before its data).
    func ended(_ error: ClickHouseError) {
        guard !isFinished else { return }
        finish(error)
    }

    /// The state machine ended the query (idle, or needing a reconnect on an old server).
    private func finish(_ error: ClickHouseError?) {
        let elapsed = Double(Deadline.now() &- started) / 1e9
        var metadata: Logger.Metadata = ["clickhouse.rows": "\(rowsRead)", "clickhouse.elapsed_ms": "\(Int(elapsed * 1000))"]
        switch error {
        case nil:
            logger.debug("query finished", metadata: metadata)
        case .server(let e)?:
            metadata["clickhouse.error_code"] = "\(e.code)"
            metadata["clickhouse.error_name"] = "\(e.codeName ?? "")"
            logger.info("query failed on the server", metadata: metadata)
            // The server's message may quote data from the query: below info only.
            logger.debug("server exception", metadata: ["clickhouse.error": "\(e)"])
        case let other?:
            metadata["clickhouse.error"] = "\(other)"
            logger.debug("query ended", metadata: metadata)
        }
        if let span {
            QueryTracing.end(span, error: error, rows: rowsRead, writtenRows: progress.writtenRows, insert: isInsert)
            self.span = nil
        }
        connection.metrics.ended(insert: isInsert, error: error, nanoseconds: Deadline.now() &- started, rows: rowsRead, progress: progress)
        if let threshold = connection.configuration.slowQueryThreshold, elapsed > threshold {
            logger.warning("slow query", metadata: metadata)
        }
        isFinished = true
        // An idle connection keeps no column arrays for reuse; the next query starts afresh.
        connection.blockInput.recycler?.removeAll()
        connection.interrupt.reset()
    }
}
