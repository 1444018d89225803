import CHNative

/// A small query result as text cells, for printing and charts.
public struct ResultTable: Sendable {
    /// Column names.
    public var columns: [String]
    /// Rows of text cells (values as ClickHouse's TabSeparated format writes them, unescaped).
    public var rows: [[String]]

    /// Runs `sql` on `conn` and collects every row.
    public static func query(_ sql: String, parameters: [String: String] = [:], on conn: Connection) throws -> ResultTable {
        let result = try conn.query(sql, parameters: parameters)
        var table = ResultTable(columns: [], rows: [])
        while let block = try result.next() {
            if table.columns.isEmpty { table.columns = block.names }
            for r in 0..<block.rowCount {
                table.rows.append(block.columns.map { column in
                    if let s = column as? StringColumn { return s.string(at: r) }
                    var out = TextOutput(capacity: 32)
                    column.writeText(at: r, to: &out, style: .tabSeparated)
                    return String(decoding: out.bytes, as: UTF8.self)
                })
            }
        }
        if table.columns.isEmpty, let header = result.header { table.columns = header.names }
        return table
    }

    /// The cells of column `name` (empty if there is no such column).
    public func column(_ name: String) -> [String] {
        guard let i = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[i] }
    }

    /// The cells of column `name` as numbers (0 where not numeric).
    public func numbers(_ name: String) -> [Double] { column(name).map { Double($0) ?? 0 } }

    /// An aligned plain-text table with at most `limit` rows.
    public func formatted(limit: Int? = nil) -> String {
        let shown = limit.map { Array(rows.prefix($0)) } ?? rows
        let clip = { (s: String) -> String in s.count > 60 ? String(s.prefix(59)) + "…" : s }
        let cells = shown.map { $0.map(clip) }
        var widths = columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ items: [String]) -> String {
            items.enumerated().map { i, s in s + String(repeating: " ", count: max(0, widths[i] - s.count)) }
                .joined(separator: "  ").trimmingSuffixSpaces()
        }
        var out = [line(columns), line(widths.map { String(repeating: "-", count: $0) })]
        out += cells.map(line)
        if shown.count < rows.count { out.append("… \(rows.count - shown.count) more rows (\(rows.count) in total)") }
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
