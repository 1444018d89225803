/// Turns rows of TabSeparated, TabSeparatedRaw, CSV or JSONEachRow text into native blocks of
/// an insert's columns, parsed into the types of the server's sample block — as
/// clickhouse-client does — so that the server receives blocks, not text. Memory holds one
/// block and the input not yet parsed (about a chunk, or one row longer than that, up to a
/// limit).
///
/// A row that cannot be stored exactly (malformed, out of range, a value the server would
/// change) stops the reading: the rows before it come as a last block, and the call after
/// throws ``TextInputError`` naming the row, its line and the column.
package final class TextBlockReader {
    private let format: TextInputFormat
    private let columns: ColumnSet
    private let reader: RowReader
    private let typeNames: [String]
    private let blockRows: Int
    private let blockBytes: Int
    private var tabSeparated: TabSeparatedRowParser?
    private var csv: CSVRowParser?
    private var json: JSONRowParser?
    private var detectHeader: Bool
    private var expectTypesRow = false
    private var pendingError: (any Error)?
    private var finished = false
    /// Data rows parsed so far (the number of the last one).
    private var rowsParsed = 0
    private var lastLineParsed = 0

    /// Data rows handed out in blocks so far.
    package private(set) var rowsDelivered = 0
    /// The last line of the input those rows occupy (0 before any).
    package private(set) var linesDelivered = 0

    /// A reader of `format` text from `read` for the columns of `target`. Throws
    /// ``TextInputUnsupported`` when a column's type cannot be parsed exactly.
    ///
    /// - Parameters:
    ///   - blockRows, blockBytes: a block is sent when it has this many rows or was parsed
    ///     from this many bytes of input.
    ///   - maximumRowBytes: a longer row is refused rather than read whole.
    ///   - read: fills the buffer with input bytes and returns how many; 0 at the end.
    package init(format: TextInputFormat, settings: TextInputSettings, target: InsertTarget,
                 blockRows: Int = 65_536, blockBytes: Int = 16 << 20, maximumRowBytes: Int = 64 << 20,
                 read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        self.format = format
        columns = try ColumnSet(target: target, settings: settings)
        typeNames = target.sample.columns.map(\.type.name)
        self.blockRows = max(1, blockRows)
        self.blockBytes = max(1, blockBytes)
        let scanner: any RowScanner
        switch format {
        case .tabSeparated, .tabSeparatedRaw:
            scanner = TabSeparatedScanner(escapes: format == .tabSeparated)
            tabSeparated = TabSeparatedRowParser(escapes: format == .tabSeparated)
            detectHeader = settings.tsvDetectHeader
        case .csv:
            scanner = CSVScanner(settings: settings)
            csv = try CSVRowParser(settings: settings, columns: columns)
            detectHeader = settings.csvDetectHeader
        case .jsonEachRow:
            scanner = JSONObjectScanner()
            json = JSONRowParser(columns: columns)
            detectHeader = false
        }
        reader = RowReader(scanner: scanner, maximumRowBytes: maximumRowBytes, read: read)
    }

    /// The next block, or nil at the end of the input.
    package func nextBlock() throws -> Block? {
        if let e = pendingError {
            pendingError = nil
            finished = true
            throw e
        }
        if finished { return nil }
        var bytes = 0
        while columns.rows < blockRows && bytes < blockBytes {
            let next: RowReader.Row?
            do {
                next = try reader.next()
            } catch let p as ValueProblem {
                return try stop(TextInputError(row: rowsParsed + 1, line: reader.pendingLine, column: nil, message: p.message))
            } catch {
                return try stop(error)
            }
            guard let row = next else {
                finished = true
                break
            }
            let used: Bool
            do {
                used = try rowUsed(row)
            } catch {
                return try stop(error)
            }
            guard used else { continue }
            columns.rowAppended()
            rowsParsed += 1
            lastLineParsed = row.lastLine
            bytes += row.bytes.count
        }
        return deliver()
    }

    /// Parses `row` into the columns; false for a header row (or a row of types after it).
    private func rowUsed(_ row: RowReader.Row) throws -> Bool {
        try reader.buffer.withUnsafeBytes { all -> Bool in
            let text = UnsafeRawBufferPointer(rebasing: all[row.bytes])
            if detectHeader {
                detectHeader = false
                if try header(text) { return false }
            }
            if expectTypesRow {
                expectTypesRow = false
                if fields(text) == columns.order.map({ typeNames[$0] }) { return false }
            }
            do {
                try parse(text)
            } catch {
                columns.dropIncompleteRow()
                throw located(error, row: rowsParsed + 1, line: row.line)
            }
            return true
        }
    }

    private func parse(_ text: UnsafeRawBufferPointer) throws {
        if let tabSeparated { try tabSeparated.parse(text, into: columns) }
        else if let csv { try csv.parse(text, into: columns) }
        else if let json { try json.parse(text, into: columns) }
    }

    /// Remembers `error` for the next call and hands out the rows before it (or throws it
    /// now when there are none).
    private func stop(_ error: any Error) throws -> Block? {
        guard columns.rows > 0 else {
            finished = true
            throw error
        }
        pendingError = error
        return deliver()
    }

    private func deliver() -> Block? {
        guard columns.rows > 0 else { return nil }
        let block = columns.takeBlock()
        rowsDelivered += block.rowCount
        linesDelivered = lastLineParsed
        return block
    }

    /// The error of a row that cannot be stored, with its place.
    private func located(_ error: any Error, row: Int, line: Int) -> any Error {
        switch error {
        case let p as ColumnProblem: return TextInputError(row: row, line: line, column: columns.names[p.column], message: p.message)
        case let p as ValueProblem: return TextInputError(row: row, line: line, column: nil, message: p.message)
        default: return error
        }
    }

    /// Whether the first row names the columns (in any order, as the server's header
    /// detection takes it); the fields then go to the columns in that order, and a row of
    /// type names may follow.
    private func header(_ text: UnsafeRawBufferPointer) throws -> Bool {
        guard let names = fields(text), names.count == columns.count, Set(names).count == names.count, Set(names) == Set(columns.names) else {
            return false
        }
        columns.order = names.compactMap { n in columns.names.firstIndex(of: n) }
        if csv != nil { csv = try CSVRowParser(settings: columns.settings, columns: columns) }
        expectTypesRow = true
        return true
    }

    private func fields(_ text: UnsafeRawBufferPointer) -> [String]? {
        if let tabSeparated { return tabSeparated.fields(text) }
        guard let csv else { return nil }
        var out: [String] = []
        guard (try? csv.forEachField(text, { t, _ in out.append(String(decoding: t, as: UTF8.self)) })) != nil else { return nil }
        return out
    }
}
