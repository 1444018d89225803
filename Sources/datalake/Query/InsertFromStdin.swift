import CHNative
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `INSERT INTO t [(cols)] FORMAT TabSeparated|TabSeparatedRaw|CSV|JSONEachRow` with the rows
/// on standard input, as clickhouse-client does it: the statement goes to the server without
/// data, the server answers with its columns and types, the rows are parsed here into those
/// types and sent as native blocks — one INSERT for the whole input, memory bounded by one
/// block (and one row, refused past a limit), whatever the size of the input.
///
/// A row that cannot be stored exactly stops the input: the rows before it are inserted (the
/// insert is ended normally after them — ending it any other way leaves an unpredictable part
/// of what was sent), the rest is not, and the message says which rows and lines those are.
struct InsertFromStdin {
    let connection: Connection
    let settings: [String: String]
    var blockRows = 65_536
    var blockBytes = 16 << 20
    var maximumRowBytes = 64 << 20

    /// Inserts the rows read from `input` with `head` (the statement up to and including
    /// `FORMAT name`); returns the number of rows inserted.
    func run(head: String, format: String, input: FileHandle) throws -> Int {
        guard let textFormat = TextInputFormat(named: format) else {
            throw StatementFailure(message: "INSERT … FORMAT \(format) with data on standard input is not supported by datalake query; use \(TextInputFormat.supportedNames)")
        }
        let inputSettings: TextInputSettings
        do {
            inputSettings = try TextInputSettings(values: try effectiveSettings(clause: Self.settingsClause(head)))
        } catch let e as TextInputUnsupported {
            throw StatementFailure(message: "\(e.message); nothing was inserted")
        }
        let descriptor = input.fileDescriptor
        var reader: TextBlockReader?
        do {
            try connection.insert(sql: head, settings: settings) { target in
                if reader == nil {
                    reader = try TextBlockReader(format: textFormat, settings: inputSettings, target: target, blockRows: blockRows,
                                                 blockBytes: blockBytes, maximumRowBytes: maximumRowBytes) { try Self.read(descriptor, into: $0) }
                }
                return try reader?.nextBlock()
            }
        } catch let e as TextInputError {
            let rows = reader?.rowsDelivered ?? 0, lines = reader?.linesDelivered ?? 0
            let column = e.column.map { ", column '\($0)'" } ?? ""
            throw StatementFailure(message: "row \(e.row) (line \(e.line)) of standard input is malformed\(column): \(e.message). "
                                   + Self.inserted(rows: rows, lines: lines) + "; not inserted: row \(e.row) (line \(e.line)) and every row after it")
        } catch let e as TextInputUnsupported {
            throw StatementFailure(message: "INSERT … FORMAT \(format) from standard input: \(e.message); nothing was inserted")
        } catch let e as ClickHouseError {
            guard let reader, reader.rowsDelivered > 0 else {
                throw StatementFailure(message: "\(e)\(e.serverCode == nil ? "" : "; nothing was inserted")", serverCode: e.serverCode)
            }
            let rows = reader.rowsDelivered, lines = reader.linesDelivered
            throw StatementFailure(
                message: "the INSERT failed after rows 1-\(rows) (lines 1-\(lines)) of standard input had been sent; a failed INSERT is not rolled back, so how many of them the table kept depends on the table (check with SELECT count()); nothing after them was sent. \(e.serverCode == nil ? "" : "The server said: ")\(e)",
                serverCode: e.serverCode)
        } catch {
            let rows = reader?.rowsDelivered ?? 0, lines = reader?.linesDelivered ?? 0
            throw StatementFailure(message: "reading standard input failed: \(error). " + Self.inserted(rows: rows, lines: lines) + "; not inserted: everything after them")
        }
        return reader?.rowsDelivered ?? 0
    }

    static func inserted(rows: Int, lines: Int) -> String {
        rows == 0 ? "Inserted: nothing" : "Inserted: rows 1-\(rows) (lines 1-\(lines)) in one INSERT"
    }

    /// Reads from standard input; 0 at its end.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let n = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The values of the settings that decide how the server parses text, as this INSERT
    /// would see them (the session's, `--setting`, the statement's SETTINGS clause).
    func effectiveSettings(clause: String?) throws -> [String: String] {
        let names = TextInputSettings.names.map { "'\($0)'" }.joined(separator: ", ")
        var sql = "SELECT name, value FROM system.settings WHERE name IN (\(names))"
        if let clause { sql += " SETTINGS " + clause }
        var values: [String: String] = [:]
        let result = try connection.query(sql, settings: settings)
        while let block = try result.next() {
            guard let n = block.column(named: "name"), let v = block.column(named: "value") else { continue }
            for row in 0..<block.rowCount {
                guard case .bytes(let name) = n.value(at: row), case .bytes(let value) = v.value(at: row) else { continue }
                values[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
            }
        }
        return values
    }

    /// The text of an INSERT's own top-level `SETTINGS` clause (between SETTINGS and FORMAT).
    static func settingsClause(_ head: String) -> String? {
        var depth = 0
        var start: Int?
        let lexer = SQLLexer(head)
        for token in lexer where !token.kind.isTrivia {
            if case .other(let c) = token.kind {
                if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") { depth += 1 }
                if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") { depth = max(0, depth - 1) }
                continue
            }
            guard depth == 0, token.kind == .word else { continue }
            let word = String(decoding: lexer.bytes[token.range], as: UTF8.self).uppercased()
            if word == "SETTINGS" { start = token.range.upperBound }
            if word == "FORMAT", let s = start {
                let clause = String(decoding: lexer.bytes[s..<token.range.lowerBound], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return clause.isEmpty ? nil : clause
            }
        }
        return nil
    }
}
