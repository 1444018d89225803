import CHNative
import Foundation

/// `INSERT INTO t [(cols)] FORMAT TabSeparated|CSV|JSONEachRow` with the rows on standard
/// input: the input is read in pieces of about 1 MiB cut at row boundaries, and each piece goes
/// to the server as the inline data of one `INSERT … FORMAT` statement, parsed by the server
/// exactly as it parses that format. Memory holds one piece. A piece is one insert block (it
/// has far fewer rows than `max_insert_block_size`), so a malformed row stops the run with
/// every earlier piece inserted and nothing of its own.
struct InsertFromStdin {
    let connection: Connection
    let settings: [String: String]
    var pieceBytes = 1 << 20

    /// How rows are delimited in the formats accepted.
    enum Layout {
        /// One row per line (TabSeparated, TabSeparatedRaw).
        case lines
        /// One row per line outside double-quoted fields (CSV).
        case csv
        /// One object per line outside JSON strings and braces (JSONEachRow).
        case json
    }

    static func layout(_ format: String) -> Layout? {
        switch format.lowercased() {
        case "tabseparated", "tsv", "tabseparatedraw", "tsvraw": return .lines
        case "csv": return .csv
        case "jsoneachrow": return .json
        default: return nil
        }
    }

    /// Inserts the rows read from `input` with `head` (the statement up to and including
    /// `FORMAT name`); returns the number of rows sent.
    func run(head: String, format: String, input: FileHandle) throws -> Int {
        guard let layout = Self.layout(format) else {
            throw StatementFailure(message: "INSERT … FORMAT \(format) with data on standard input is not supported by datalake query; use TabSeparated, CSV or JSONEachRow")
        }
        let splitter = RowSplitter(layout: layout)
        var pending: [UInt8] = []
        var rowsInserted = 0
        var linesBefore = 0
        var pieces = 0
        var eof = false
        while true {
            if !eof {
                let data = input.readData(ofLength: pieceBytes)
                if data.isEmpty { eof = true } else { pending.append(contentsOf: data) }
            }
            let ends = splitter.rowEnds(pending)
            let piece: [UInt8]
            var rowCount = ends.count
            if eof {
                if pending.isEmpty { break }
                piece = pending
                if (ends.last ?? 0) < pending.count && pending[(ends.last ?? 0)...].contains(where: { !SQLLexer.isWhitespace($0) }) { rowCount += 1 }
                pending = []
            } else {
                if pending.count < pieceBytes { continue }
                guard let cut = ends.last else {
                    if pending.count > 64 << 20 {
                        throw StatementFailure(message: "a row of more than 64 MiB at line \(linesBefore + 1) of standard input; \(rowsInserted) rows were inserted before it, none from it on")
                    }
                    continue
                }
                piece = Array(pending[..<cut])
                pending.removeFirst(cut)
            }
            guard rowCount > 0 else { continue }
            do {
                let result = try connection.query(head + "\n" + String(decoding: piece, as: UTF8.self), settings: settings)
                try result.drain()
            } catch let error as ClickHouseError {
                let starts = [0] + ends.filter { $0 < piece.count }
                var whereText = "rows from row \(rowsInserted + 1) (line \(linesBefore + 1)) of standard input were refused"
                if let r = Self.failedRow(error), r >= 1, r <= starts.count {
                    let line = piece[..<starts[r - 1]].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                    whereText = "row \(rowsInserted + r) (line \(linesBefore + line)) of standard input is malformed"
                }
                throw StatementFailure(
                    message: "\(whereText). Inserted: rows 1-\(rowsInserted) (lines 1-\(linesBefore), in \(pieces) INSERT statements); not inserted: row \(rowsInserted + 1) (line \(linesBefore + 1)) and every row after it. The server said: \(error)",
                    serverCode: error.serverCode)
            }
            pieces += 1
            rowsInserted += rowCount
            linesBefore += piece.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return rowsInserted
    }

    /// The row number in the server's `(at row N)`.
    static func failedRow(_ error: ClickHouseError) -> Int? {
        let text = "\(error)"
        guard let r = text.range(of: "(at row ") else { return nil }
        return Int(text[r.upperBound...].prefix { $0.isNumber })
    }
}

/// Finds where rows end in a buffer of TabSeparated, CSV or JSONEachRow text.
struct RowSplitter {
    let layout: InsertFromStdin.Layout

    /// The offsets just after each newline that ends a row (outside CSV quotes, JSON strings
    /// and JSON brackets).
    func rowEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var inQuotes = false
        var inString = false
        var escaped = false
        var depth = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            switch layout {
            case .lines: break
            case .csv:
                if b == 0x22 { inQuotes.toggle() }
            case .json:
                if inString {
                    if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                } else if b == 0x22 {
                    inString = true
                } else if b == 0x7B || b == 0x5B {
                    depth += 1
                } else if b == 0x7D || b == 0x5D {
                    depth -= 1
                }
            }
            if b == 0x0A && !inQuotes && !inString && depth <= 0 { ends.append(i + 1) }
        }
        return ends
    }
}
