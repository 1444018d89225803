import CHNative
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A statement that failed: `clientError` for ours (exit status 1), server errors carry a code
/// (exit status 2).
struct StatementFailure: Error, CustomStringConvertible {
    var message: String
    var serverCode: Int32?
    var description: String { message }
}

/// Standard input as the data of `INSERT … FORMAT` (read once).
final class DataInput {
    let handle: FileHandle
    var used = false
    init(handle: FileHandle) { self.handle = handle }
}

/// Runs statements on one connection and prints each result in its format, following the
/// server's effective output settings for it.
struct StatementRunner {
    let connection: Connection
    /// `--format`, when given (a statement's own FORMAT clause wins).
    let defaultFormat: String?
    /// `--setting` values, sent with every statement.
    let settings: [String: String]
    /// `--param` values.
    let parameters: [String: String]
    /// Standard input, when it holds data rather than the statements.
    let dataInput: DataInput?

    /// Statement kinds whose result is printed with the statement's own SETTINGS clause applied.
    static let resultKeywords: Set<String> = ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "EXISTS", "VALUES", "TABLE"]

    /// The format a statement prints in: its FORMAT clause, else `--format`, else TabSeparated.
    func outputFormat(_ clauses: QueryClauses) throws -> OutputFormat {
        let name = clauses.format ?? defaultFormat ?? "TabSeparated"
        guard let format = OutputFormat(named: name) else {
            throw StatementFailure(message: "the format \(name) is not supported by datalake query; supported: \(OutputFormat.supportedNames)")
        }
        return format
    }

    /// The settings the server reports as changed for `clauses`' statement (the session's: SET,
    /// the user's profile; those sent with the query; the statement's own SETTINGS clause), and
    /// the values of those the formatter follows, changed or not.
    func changedSettings(_ clauses: QueryClauses) throws -> [String: String] {
        let names = FormatSettings.implementedNames.map { "'\($0)'" }.joined(separator: ", ")
        var sql = "SELECT name, value FROM system.settings WHERE changed OR name IN (\(names))"
        if let clause = clauses.settings, Self.resultKeywords.contains(clauses.keyword) { sql += " SETTINGS " + clause }
        var changed: [String: String] = [:]
        let result = try connection.query(sql, settings: settings)
        while let block = try result.next() {
            guard let names = block.column(named: "name"), let values = block.column(named: "value") else { continue }
            for row in 0..<block.rowCount {
                // Both are String (or LowCardinality(String)) columns: their values are the bytes.
                guard case .bytes(let name) = names.value(at: row), case .bytes(let value) = values.value(at: row) else {
                    throw StatementFailure(message: "system.settings sent a name or value that is not a string (\(names.type.name), \(values.type.name))")
                }
                changed[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
            }
        }
        return changed
    }

    /// `INSERT … FORMAT name`: with inline data the server parses it; without, the rows are read
    /// from standard input.
    private func insert(_ sql: String, format: String, dataOffset: Int) throws {
        let bytes = Array(sql.utf8)
        if bytes[dataOffset...].contains(where: { !SQLLexer.isWhitespace($0) }) {
            try connection.query(sql, settings: settings, parameters: parameters).drain()
            return
        }
        guard let input = dataInput, !input.used else {
            throw StatementFailure(message: dataInput == nil
                ? "INSERT … FORMAT \(format) takes its rows from standard input, but the statements were read from there; give them as an argument or with --queries-file"
                : "INSERT … FORMAT \(format): standard input was already read by an earlier INSERT")
        }
        input.used = true
        var head = String(decoding: bytes[..<dataOffset], as: UTF8.self)
        while let last = head.last, last.isWhitespace { head.removeLast() }
        _ = try InsertFromStdin(connection: connection, settings: settings).run(head: head, format: format, input: input.handle)
    }

    /// Runs one statement and prints its result; output goes out in chunks of about 1 MiB.
    /// With `progress`, a progress line on a terminal's stderr for queries running longer than
    /// half a second. Returns the number of rows printed.
    @discardableResult
    func run(_ sql: String, progress: Bool = false) throws -> Int {
        let clauses = QueryClauses(scanning: sql)
        if clauses.keyword == "INSERT", let format = clauses.format, let offset = clauses.insertDataOffset {
            try insert(sql, format: format, dataOffset: offset)
            return 0
        }
        let format = try outputFormat(clauses)
        let formatSettings: FormatSettings
        do {
            formatSettings = try FormatSettings(changed: format == .null ? [:] : try changedSettings(clauses), format: format)
        } catch let error as FormatSettingsError {
            throw StatementFailure(message: error.description)
        }
        let started = DispatchTime.now()
        let result = try connection.query(sql, settings: settings, parameters: parameters)
        let line = progress && isatty(2) == 1 ? ProgressLine(started: started) : nil
        if let line { result.onProgress = { line.update($0) } }
        var formatter = ResultFormatter(format: format, settings: formatSettings)
        var out = TextOutput(capacity: 1 << 20)
        var rows = 0
        if let header = try result.readHeader(), let reason = formatter.unsupported(types: header.columns.map(\.type)) {
            result.cancel()
            try? result.drain()
            throw StatementFailure(message: "FORMAT \(format.rawValue): \(reason); nothing was printed")
        }
        while let block = try result.next() {
            rows += block.rowCount
            if format == .prettyCompactMonoBlock && rows > 1_000_000 {
                result.cancel()
                try? result.drain()
                throw StatementFailure(message: "PrettyCompactMonoBlock holds the whole result in memory and this one has more than 1000000 rows; nothing was printed (use PrettyCompact, TabSeparated or add a LIMIT)")
            }
            formatter.write(block, to: &out)
            if out.bytes.count >= 1 << 20 {
                line?.clear()
                Output.write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let limit = result.profileInfo.flatMap { $0.appliedLimit ? $0.rowsBeforeLimit : nil }
        let end = ResultEnd(totals: result.totals, extremes: result.extremes, rowsBeforeLimit: limit,
                            elapsedSeconds: elapsed, rowsRead: result.progress.rows, bytesRead: result.progress.bytes)
        formatter.finish(header: result.header.flatMap { $0.columnCount > 0 ? $0 : nil }, end: end, to: &out)
        line?.clear()
        Output.write(out.bytes)
        if !formatter.printsTotalsAndExtremes {
            let dropped = [(result.totals, "the WITH TOTALS row"), (result.extremes, "the extremes")]
                .filter { ($0.0?.rowCount ?? 0) > 0 }.map(\.1)
            if !dropped.isEmpty {
                Output.error("datalake: note: \(dropped.joined(separator: " and ")) not printed: FORMAT \(format.rawValue) has no place for them (the server's \(format.rawValue) omits them too)")
            }
        }
        return rows
    }
}
