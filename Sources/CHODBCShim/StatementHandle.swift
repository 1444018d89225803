import CHNative
import Synchronization

/// A statement handle: the SQL text, its parameters, the open cursor and the descriptors.
final class StatementHandle: ODBCHandle, @unchecked Sendable {
    unowned let connection: ConnectionHandle
    var implicitARD: DescriptorHandle!
    var implicitAPD: DescriptorHandle!
    var ird: DescriptorHandle!
    var ipd: DescriptorHandle!
    /// The ARD/APD in use: the implicit ones unless the application set its own.
    var ard: DescriptorHandle!
    var apd: DescriptorHandle!

    // Statement text
    var sql: String?
    var markers: [Int] = []
    var prepared = false

    // Cursor. The hot fetch/get-data state is only touched under the handle's lock and never
    // passed inout across calls that touch it again, so the per-access exclusivity check is
    // turned off for it (it was a third of the driver's time per SQLGetData).
    @exclusivity(unchecked) var result: (any ResultSource)?
    var session: Session?
    var columns: [SQLTypeInfo] = [] {
        didSet { defaultCTypes = columns.map(Converter.defaultCType(for:)) }
    }
    /// `SQL_C_DEFAULT` per column, computed once per result.
    @exclusivity(unchecked) var defaultCTypes: [Int16] = []
    var columnNames: [String] = []
    @exclusivity(unchecked) var block: Block?
    @exclusivity(unchecked) var cursors: [ColumnCursor] = []
    @exclusivity(unchecked) var rowInBlock = -1
    @exclusivity(unchecked) var rowsFetched = 0
    @exclusivity(unchecked) var hasCurrentRow = false
    @exclusivity(unchecked) var pieces: PieceState?
    /// Raw views of the current block's columns for the per-row fast paths (FastPath.swift),
    /// and its row count (0 without a block).
    @exclusivity(unchecked) var fastColumns: [FastColumn?] = []
    /// The same columns unretained (they live as long as `fastColumns`), read without
    /// reference counting.
    @exclusivity(unchecked) var fastViews: [Unmanaged<FastColumn>?] = []
    @exclusivity(unchecked) var fastRows = 0
    @exclusivity(unchecked) var fastBuilt = false
    /// Rows of the last rowset, for `SQLSetPos` + `SQLGetData` on block cursors.
    @exclusivity(unchecked) var rowset = RowsetPositions()
    /// Set by `advance()` when it moved into a new block.
    private var enteredBlock = false
    var rowCount = -1

    // Attributes
    var queryTimeout = 0
    @exclusivity(unchecked) var maxRows = 0
    var maxLength = 0
    var noScan = Int(K.SQL_NOSCAN_OFF)
    @exclusivity(unchecked) var retrieveData = Int(K.SQL_RD_ON)
    var metadataID = false
    var cursorName = ""

    // Data at execution
    var pendingDAE: [Int] = []
    var currentDAE: Int?
    var deferredData: [Int: [UInt8]?] = [:]

    /// The native connection running this statement's query, for `SQLCancel` from another thread.
    let running = Mutex<Connection?>(nil)

    init(connection: ConnectionHandle) {
        self.connection = connection
        super.init(kind: .statement, lock: connection.lock)
        implicitARD = DescriptorHandle(role: .applicationRow, connection: connection, statement: self)
        implicitAPD = DescriptorHandle(role: .applicationParameter, connection: connection, statement: self)
        ird = DescriptorHandle(role: .implementationRow, connection: connection, statement: self)
        ipd = DescriptorHandle(role: .implementationParameter, connection: connection, statement: self)
        ard = implicitARD
        apd = implicitAPD
    }

    var descriptors: [DescriptorHandle] { [implicitARD, implicitAPD, ird, ipd] }

    var hasCursor: Bool { result != nil }

    // MARK: Preparing and executing

    func prepare(_ text: String) throws {
        try closeCursor()
        let translated = noScan == Int(K.SQL_NOSCAN_OFF) ? try EscapeTranslator.translate(text) : text
        sql = translated
        markers = ParameterMarkers.scan(translated)
        prepared = true
        pendingDAE = []
        currentDAE = nil
    }

    /// Executes the prepared text (or `text` directly); returns SQL_NEED_DATA when
    /// data-at-execution parameters are waiting for `SQLPutData`.
    func execute() throws -> Int16 {
        guard let sql else { throw ODBCError.sequence("no statement was prepared") }
        try closeCursor()
        rowCount = -1
        let daeParams = try dataAtExecutionParameters()
        if !daeParams.isEmpty {
            pendingDAE = daeParams
            currentDAE = nil
            deferredData = [:]
            return K.SQL_NEED_DATA
        }
        return try run(sql)
    }

    private func dataAtExecutionParameters() throws -> [Int] {
        guard !markers.isEmpty else { return [] }
        var out: [Int] = []
        for n in 1...markers.count {
            let rec = apd.record(n)
            if let ind = apd.address(rec.indicatorPointer, row: 0, elementSize: MemoryLayout<Int>.size)?.pointee ??
                apd.address(rec.octetLengthPointer, row: 0, elementSize: MemoryLayout<Int>.size)?.pointee,
               ind == K.SQL_DATA_AT_EXEC || ind <= K.SQL_LEN_DATA_AT_EXEC_OFFSET {
                out.append(n)
            }
        }
        return out
    }

    /// `SQLParamData`: hands out the next data-at-execution parameter or runs the statement.
    func paramData(_ valueOut: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) throws -> Int16 {
        guard !pendingDAE.isEmpty || currentDAE != nil else { throw ODBCError.sequence("no data-at-execution parameter is pending") }
        if !pendingDAE.isEmpty {
            let n = pendingDAE.removeFirst()
            currentDAE = n
            if deferredData[n] == nil { deferredData[n] = .some([]) }
            valueOut?.pointee = apd.record(n).dataPointer
            return K.SQL_NEED_DATA
        }
        currentDAE = nil
        guard let sql else { throw ODBCError.sequence("no statement") }
        defer { deferredData = [:] }
        return try run(sql)
    }

    /// `SQLPutData`: appends a piece of the current data-at-execution parameter.
    func putData(_ data: UnsafeMutableRawPointer?, _ length: Int) throws {
        guard let n = currentDAE else { throw ODBCError.sequence("SQLPutData without SQLParamData asking for data") }
        if length == K.SQL_NULL_DATA {
            deferredData[n] = .some(nil)
            return
        }
        guard let data else { if length == 0 { return }; throw ODBCError.nullPointer("DataPtr") }
        var count = length
        if length == K.SQL_NTS {
            let cType = apd.record(n).conciseType
            if cType == K.SQL_C_WCHAR {
                let p = data.assumingMemoryBound(to: UInt16.self)
                count = 0
                while p[count] != 0 && count < TextIO.maximumInputLength { count += 1 }
                count *= 2
            } else {
                count = strlenBounded(data.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard count >= 0, count <= TextIO.maximumInputLength else { throw ODBCError.badLength("StrLen_or_Ind", length) }
        var existing = (deferredData[n] ?? .some([])) ?? []
        existing.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count))
        deferredData[n] = .some(existing)
    }

    private func strlenBounded(_ p: UnsafePointer<UInt8>) -> Int {
        var n = 0
        while p[n] != 0 && n < TextIO.maximumInputLength { n += 1 }
        return n
    }

    /// Builds the final SQL for parameter set `row`.
    private func render(_ sql: String, row: Int) throws -> String {
        guard !markers.isEmpty else { return sql }
        var literals: [String] = []
        for n in 1...markers.count {
            let rec = apd.record(n)
            let deferred: [UInt8]?? = deferredData[n].map { $0 }
            guard rec.isBound || deferred != nil else {
                throw ODBCError("07002", "COUNT field incorrect: parameter \(n) of \(markers.count) is not bound")
            }
            literals.append(try ParameterMarkers.literal(apd: rec, ipd: ipd.record(n), descriptor: apd, row: row, deferred: deferred))
        }
        return ParameterMarkers.substitute(sql, positions: markers, literals: literals)
    }

    /// Runs the statement once per parameter set.
    private func run(_ sql: String) throws -> Int16 {
        let sets = markers.isEmpty ? 1 : max(1, apd.arraySize)
        var total: Int? = 0
        for row in 0..<sets {
            let text = try render(sql, row: row)
            let isLast = row == sets - 1
            try runOne(text, keepCursor: isLast)
            // One unknown count makes the total unknown (-1), not a smaller number.
            total = rowCount >= 0 ? total.map { $0 + rowCount } : nil
            if let status = ipd.arrayStatusPointer { status[row] = K.SQL_PARAM_SUCCESS }
            ipd.rowsProcessedPointer?.pointee = UInt(row + 1)
        }
        if sets > 1 { rowCount = total ?? -1 }
        return K.SQL_SUCCESS
    }

    private func settingsForQuery(_ text: String) -> [String: String] {
        var s: [String: String] = [:]
        if queryTimeout > 0 { s["max_execution_time"] = String(queryTimeout) }
        // Long parameter values become long literals: let the parser take the whole text.
        let size = text.utf8.count
        if size > 200_000 { s["max_query_size"] = String(size + 65536) }
        return s
    }

    private func runOne(_ text: String, keepCursor: Bool) throws {
        try closeCursor()
        let session = try connection.lease(for: self)
        let native = session.connection
        running.withLock { $0 = native }
        defer { running.withLock { $0 = nil } }
        do {
            let r = try native.query(text, settings: settingsForQuery(text))
            let header = try r.readHeader()
            if let header, !header.columns.isEmpty, !r.isFinished, StatementKind.isInsertWithData(text) {
                // The server waits for the client to send the rows as blocks: servers before
                // ClickHouse 20 do not read VALUES written inline in the query.
                r.cancel()
                try? r.drain()
                connection.release(session)
                throw ODBCError("HYC00", "this ClickHouse server (\(native.serverInfo.version)) expects INSERT data as separate blocks, which this driver does not send; use INSERT ... SELECT or a server from version 20 on")
            }
            if let header, !header.columns.isEmpty {
                if keepCursor {
                    self.session = session
                    open(ServerResult(result: r, header: header))
                    rowCount = -1
                    return
                }
                r.cancel()
                try? r.drain()
            } else {
                try r.drain()
            }
            rowCount = StatementKind.affectedRows(text, progress: r.progress, revision: native.serverInfo.negotiatedRevision)
            connection.release(session)
        } catch {
            connection.release(session)
            throw ODBCError.from(error)
        }
    }

    /// Makes `source` the statement's open cursor.
    func open(_ source: any ResultSource) {
        result = source
        let options = connection.typeOptions
        columns = source.types.map { SQLTypeInfo.describe($0, options: options) }
        columnNames = source.names
        block = nil
        cursors = []
        setFastBlock(nil)
        rowset.clear()
        rowInBlock = -1
        rowsFetched = 0
        hasCurrentRow = false
        pieces = nil
    }

    /// Closes the cursor (no error when there is none).
    func closeCursor() throws {
        if let r = result {
            let native = session?.connection
            running.withLock { $0 = native }
            r.close()
            running.withLock { $0 = nil }
        }
        result = nil
        block = nil
        cursors = []
        setFastBlock(nil)
        rowset.clear()
        hasCurrentRow = false
        pieces = nil
        if let s = session {
            connection.release(s)
            session = nil
        }
    }

    /// Clears the result description as well (new statement text).
    func reset() throws {
        try closeCursor()
        columns = []
        columnNames = []
    }

    // MARK: Fetching

    /// Moves to the next row; `false` at the end of the result.
    private func advance() throws -> Bool {
        guard let result else { return false }
        if maxRows > 0 && rowsFetched >= maxRows { return false }
        if let b = block, rowInBlock + 1 < b.rowCount {
            rowInBlock += 1
            rowsFetched += 1
            return true
        }
        block = nil
        cursors = []
        setFastBlock(nil)
        let native = session?.connection
        running.withLock { $0 = native }
        defer { running.withLock { $0 = nil } }
        while true {
            let next: Block?
            do { next = try result.nextBlock() } catch { throw ODBCError.from(error) }
            guard let b = next else { return false }
            if b.rowCount > 0 {
                block = b
                cursors = b.columns.map(ColumnCursor.init)
                setFastBlock(b)
                enteredBlock = true
                rowInBlock = 0
                rowsFetched += 1
                return true
            }
        }
    }

    /// `SQLFetch`/`SQLFetchScroll(SQL_FETCH_NEXT)`: fills the next rowset into the bound columns.
    func fetch() throws -> Int16 {
        guard result != nil else { throw ODBCError("24000", "invalid cursor state: no result set is open") }
        let size = max(1, ard.arraySize)
        var fetched = 0
        var withInfo = false
        var errors = 0
        let status = ird.arrayStatusPointer
        pieces = nil
        rowset.begin(block: size)
        while fetched < size {
            enteredBlock = false
            guard try advance() else { break }
            hasCurrentRow = true
            if size > 1 { rowset.add(cursors: cursors, row: rowInBlock, newBlock: enteredBlock) }
            var rowStatus = K.SQL_ROW_SUCCESS
            do {
                if try bindRow(fetched) { rowStatus = K.SQL_ROW_SUCCESS_WITH_INFO; withInfo = true }
            } catch let e as ODBCError {
                if size == 1 { throw e }
                var rec = DiagRecord(sqlState: e.sqlState, nativeError: e.nativeError, message: e.message)
                rec.rowNumber = fetched + 1
                diagnostics.records.append(rec)
                rowStatus = K.SQL_ROW_ERROR
                errors += 1
            }
            status?[fetched] = rowStatus
            fetched += 1
        }
        ird.rowsProcessedPointer?.pointee = UInt(fetched)
        if let status, fetched < size {
            for i in fetched..<size { status[i] = K.SQL_ROW_NOROW }
        }
        if fetched == 0 {
            hasCurrentRow = false
            return K.SQL_NO_DATA
        }
        if errors == fetched && size == 1 { return K.SQL_ERROR }
        return withInfo || errors > 0 ? K.SQL_SUCCESS_WITH_INFO : K.SQL_SUCCESS
    }

    /// Writes the current row into bound column buffers at rowset position `index`.
    /// Returns whether a warning was recorded.
    private func bindRow(_ index: Int) throws -> Bool {
        guard retrieveData == Int(K.SQL_RD_ON), !ard.records.isEmpty else { return false }
        var warned = false
        for (i, rec) in ard.records.enumerated() where rec.isBound && i < cursors.count {
            let cType = rec.conciseType
            let fixed = Converter.fixedSize(cType == K.SQL_C_DEFAULT ? defaultCTypes[i] : cType)
            let elementSize = (cType == K.SQL_C_CHAR || cType == K.SQL_C_WCHAR || cType == K.SQL_C_BINARY || fixed == 0) ? rec.octetLength : fixed
            var bufferLength = rec.octetLength
            if maxLength > 0 && (cType == K.SQL_C_CHAR || cType == K.SQL_C_BINARY) { bufferLength = min(bufferLength, maxLength + 1) }
            let target = Target(cType: cType,
                                buffer: ard.address(rec.dataPointer, row: index, elementSize: elementSize),
                                bufferLength: bufferLength,
                                lengthPointer: ard.address(rec.octetLengthPointer, row: index, elementSize: MemoryLayout<Int>.size),
                                indicatorPointer: ard.address(rec.indicatorPointer, row: index, elementSize: MemoryLayout<Int>.size),
                                numericScale: cType == K.SQL_C_NUMERIC ? Int(rec.scale) : nil)
            var noPieces: PieceState? = nil
            switch try Converter.convert(cursors[i], row: rowInBlock, defaultCType: defaultCTypes[i], target: target, pieces: &noPieces) {
            case .success, .noData: break
            case .truncated:
                diagnostics.records.append(DiagRecord(sqlState: "01004", nativeError: 0, message: "string data, right truncated (column \(i + 1))", rowNumber: index + 1, columnNumber: i + 1))
                warned = true
            case .fractionalTruncation:
                diagnostics.records.append(DiagRecord(sqlState: "01S07", nativeError: 0, message: "fractional truncation (column \(i + 1))", rowNumber: index + 1, columnNumber: i + 1))
                warned = true
            }
        }
        return warned
    }

    /// `SQLGetData` for 1-based `column` of the current row.
    func getData(column: Int, target: Target) throws -> Int16 {
        // A block cursor reads the rowset row chosen with SQLSetPos (the first one after a fetch).
        let positioned = rowset.position
        guard result != nil, hasCurrentRow, positioned != nil || (rowInBlock >= 0 && block != nil) else {
            throw ODBCError("24000", "invalid cursor state: no current row (call SQLFetch first)")
        }
        let (readers, row) = positioned ?? (cursors, rowInBlock)
        guard column >= 1, column <= readers.count else {
            throw ODBCError("07009", "invalid descriptor index: column \(column) of \(readers.count)")
        }
        guard Converter.isSupported(target.cType) || target.cType == K.SQL_ARD_TYPE else {
            throw ODBCError("HY003", "invalid application buffer type \(target.cType)")
        }
        var t = target
        if t.cType == K.SQL_ARD_TYPE {
            let rec = ard.record(column)
            t.cType = rec.conciseType
            t.numericScale = Int(rec.scale)
        }
        if pieces == nil || pieces?.column != column {
            var p = PieceState()
            p.reset(column: column)
            pieces = p
        }
        let outcome = try Converter.convert(readers[column - 1], row: row, defaultCType: defaultCTypes[column - 1], target: t, pieces: &pieces)
        switch outcome {
        case .success: return K.SQL_SUCCESS
        case .noData: return K.SQL_NO_DATA
        case .truncated:
            diagnostics.add("01004", "string data, right truncated: more data remains for column \(column)")
            return K.SQL_SUCCESS_WITH_INFO
        case .fractionalTruncation:
            diagnostics.add("01S07", "fractional truncation in column \(column)")
            return K.SQL_SUCCESS_WITH_INFO
        }
    }

    /// `SQLCancel`: asks the server to stop the running query (safe from any thread).
    func cancel() {
        running.withLock { $0?.cancel() }
    }
}

/// Classifying statement text where the protocol needs it.
enum StatementKind {
    /// The first protocol revision whose progress packets carry written rows (ClickHouse 19.x).
    static let writeInfoRevision: UInt64 = 54420

    /// `SQLRowCount` after a statement without a result set: the rows an `INSERT` wrote when
    /// the server reports them, otherwise -1 ("not available": ClickHouse reports no count for
    /// `ALTER ... UPDATE/DELETE`, lightweight `DELETE`/`UPDATE` or DDL, and 0 would claim that
    /// nothing changed).
    static func affectedRows(_ sql: String, progress: Progress, revision: UInt64) -> Int {
        guard revision >= writeInfoRevision, firstWord(sql) == "INSERT" else { return -1 }
        return Int(clamping: progress.writtenRows)
    }

    /// The first bare word of the statement, upper-cased (after comments and parentheses).
    static func firstWord(_ sql: String) -> String? {
        tokens(sql, limit: 4096).first
    }

    /// `INSERT ... VALUES ...` / `INSERT ... FORMAT ...`: the server waits for data blocks after
    /// the query, so the statement goes through CHNative's insert path (with no extra blocks).
    static func isInsertWithData(_ sql: String) -> Bool {
        let words = tokens(sql, limit: 4096)
        guard words.first == "INSERT" else { return false }
        for w in words.dropFirst() {
            if w == "SELECT" || w == "WITH" { return false }
            if w == "VALUES" || w == "FORMAT" { return true }
        }
        return false
    }

    /// Upper-cased bare words outside strings, identifiers and comments, in the first `limit`
    /// bytes.
    static func tokens(_ sql: String, limit: Int) -> [String] {
        let lexer = SQLLexer(bytes: Array(sql.utf8.prefix(limit)))
        return lexer.compactMap { token in
            token.kind == .word ? String(decoding: lexer.bytes[token.range], as: UTF8.self).uppercased() : nil
        }
    }
}
