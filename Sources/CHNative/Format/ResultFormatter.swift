/// Text output formats for query results.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Values separated by tabs, escaped as ClickHouse's `TabSeparated` does.
    case tabSeparated = "TabSeparated"
    /// `TabSeparated` with a first line of column names.
    case tabSeparatedWithNames = "TabSeparatedWithNames"
    /// One JSON object per row.
    case jsonEachRow = "JSONEachRow"
    /// Decodes every block and prints nothing (for measuring).
    case null = "Null"
}

/// Renders blocks in an ``OutputFormat``, byte-identical to the server's own output for
/// `TabSeparated`.
public struct ResultFormatter {
    /// The format rendered.
    public let format: OutputFormat
    private var wroteHeader = false

    /// A formatter for `format` (a header, where the format has one, comes before the first block).
    public init(format: OutputFormat) { self.format = format }

    /// Appends the rows of `block` to `out`.
    public mutating func write(_ block: Block, to out: inout TextOutput) {
        switch format {
        case .null: return
        case .tabSeparatedWithNames where !wroteHeader:
            writeNames(block.names, to: &out)
        default: break
        }
        let columns = block.columns
        let rows = block.rowCount
        if format == .jsonEachRow {
            let keys: [[UInt8]] = block.names.map { name in
                var o = TextOutput()
                var n = name
                n.withUTF8 { TextEscaping.appendJSON(UnsafeRawBufferPointer($0), to: &o) }
                return o.bytes
            }
            for row in 0..<rows {
                out.append(0x7B)
                for (i, c) in columns.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    out.append(contentsOf: keys[i])
                    out.append(0x3A)
                    c.writeText(at: row, to: &out, style: .json)
                }
                out.append(0x7D)
                out.append(0x0A)
            }
            return
        }
        for row in 0..<rows {
            for (i, c) in columns.enumerated() {
                if i > 0 { out.append(0x09) }
                c.writeText(at: row, to: &out, style: .tabSeparated)
            }
            out.append(0x0A)
        }
    }

    /// Appends the header line of `TabSeparatedWithNames` for a result without rows.
    public mutating func writeHeaderIfNeeded(_ header: Block?, to out: inout TextOutput) {
        guard format == .tabSeparatedWithNames, !wroteHeader, let header else { return }
        writeNames(header.names, to: &out)
    }

    /// The `TabSeparatedWithNames` header line, escaped like values.
    private mutating func writeNames(_ names: [String], to out: inout TextOutput) {
        wroteHeader = true
        for (i, name) in names.enumerated() {
            if i > 0 { out.append(0x09) }
            var n = name
            n.withUTF8 { TextEscaping.appendEscaped(UnsafeRawBufferPointer($0), quoted: false, to: &out) }
        }
        out.append(0x0A)
    }
}
