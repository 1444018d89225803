/// `JSONEachRow` (`{"a":1,"b":"x"}` per line) and `JSONCompactEachRow` (`[1, "x"]` per line);
/// the server prints no totals or extremes in these formats.
struct JSONEachRowRows: RowFormatWriter {
    let text: ValueText
    let compact: Bool
    var keys: [[UInt8]] = []

    init(compact: Bool, settings: FormatSettings) {
        text = ValueText(settings: settings)
        self.compact = compact
    }

    var printsTotalsAndExtremes: Bool { false }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        keys = JSONRows.keys(names, text.settings)
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        if keys.count != block.columnCount { keys = JSONRows.keys(block.names, text.settings) }
        let cells = cellWriters(block, text, .json)
        for row in 0..<block.rowCount {
            out.append(compact ? 0x5B : 0x7B)
            for (i, cell) in cells.enumerated() {
                if i > 0 {
                    out.append(0x2C)
                    if compact { out.append(0x20) }
                }
                if !compact {
                    out.append(contentsOf: keys[i])
                    out.append(0x3A)
                }
                cell(row, &out)
            }
            out.append(compact ? 0x5D : 0x7D)
            out.append(0x0A)
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {}
}

/// `JSON` and `JSONCompact`: one document with `meta`, `data`, `totals`, `extremes`, `rows`,
/// `rows_before_limit_at_least` and `statistics`, laid out with tabs as the server does.
struct JSONRows: RowFormatWriter {
    let text: ValueText
    let compact: Bool
    var keys: [[UInt8]] = []
    var rowCount: UInt64 = 0

    init(compact: Bool, settings: FormatSettings) {
        text = ValueText(settings: settings)
        self.compact = compact
    }

    var printsTotalsAndExtremes: Bool { true }

    static func keys(_ names: [String], _ settings: FormatSettings) -> [[UInt8]] {
        names.map { name in
            var o = TextOutput()
            var n = name
            n.withUTF8 { StringText.appendJSON(UnsafeRawBufferPointer($0), escapeSlashes: settings.jsonEscapeForwardSlashes, to: &o) }
            return o.bytes
        }
    }

    private func json(_ s: String) -> [UInt8] { Self.keys([s], text.settings)[0] }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        keys = Self.keys(names, text.settings)
        out.append("{\n\t\"meta\":\n\t[\n")
        for (i, name) in keys.enumerated() {
            out.append(i == 0 ? "\t\t{\n\t\t\t\"name\": " : ",\n\t\t{\n\t\t\t\"name\": ")
            out.append(contentsOf: name)
            out.append(",\n\t\t\t\"type\": ")
            out.append(contentsOf: json(types[i].name))
            out.append("\n\t\t}")
        }
        out.append("\n\t],\n\n\t\"data\":\n\t[\n")
    }

    /// One row at `indent` tabs: `{ "k": v, … }` over several lines, or `[v, …]` when compact.
    private func row(_ cells: [CellWriter], _ row: Int, indent: Int, to out: inout TextOutput) {
        let tabs = [UInt8](repeating: 0x09, count: indent)
        if compact {
            out.append(0x5B)
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(0x2C); out.append(0x20) }
                cell(row, &out)
            }
            out.append(0x5D)
            return
        }
        out.append(0x7B)
        out.append(0x0A)
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(0x2C); out.append(0x0A) }
            out.append(contentsOf: tabs)
            out.append(0x09)
            out.append(contentsOf: keys[i])
            out.append(0x3A)
            out.append(0x20)
            cell(row, &out)
        }
        out.append(0x0A)
        out.append(contentsOf: tabs)
        out.append(0x7D)
    }

    /// Cell writers for rows whose keys are at `indent` tabs (pretty-printed unless compact).
    private func cells(_ block: Block, indent: Int) -> [CellWriter] {
        var t = text
        if !compact && text.settings.jsonPrettyPrint { t.jsonIndent = indent }
        return cellWriters(block, t, .json)
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        let cells = cells(block, indent: 3)
        for r in 0..<block.rowCount {
            if rowCount > 0 { out.append(0x2C); out.append(0x0A) }
            out.append(0x09)
            out.append(0x09)
            row(cells, r, indent: 2, to: &out)
            rowCount += 1
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {
        out.append("\n\t]")
        if let totals = end.totals, totals.rowCount > 0 {
            out.append(compact ? ",\n\n\t\"totals\": " : ",\n\n\t\"totals\":\n\t")
            // Totals and extremes are not pretty-printed (as the server writes them).
            row(cellWriters(totals, text, .json), 0, indent: 1, to: &out)
        }
        if let extremes = end.extremes, extremes.rowCount >= 2 {
            let cells = cellWriters(extremes, text, .json)
            out.append(",\n\n\t\"extremes\":\n\t{\n")
            out.append(compact ? "\t\t\"min\": " : "\t\t\"min\":\n\t\t")
            row(cells, 0, indent: 2, to: &out)
            out.append(compact ? ",\n\t\t\"max\": " : ",\n\t\t\"max\":\n\t\t")
            row(cells, 1, indent: 2, to: &out)
            out.append("\n\t}")
        }
        out.append(",\n\n\t\"rows\": ")
        NumberFormatting.append(rowCount, to: &out)
        if let before = end.rowsBeforeLimit {
            out.append(",\n\n\t\"rows_before_limit_at_least\": ")
            NumberFormatting.append(before, to: &out)
        }
        if text.settings.writeStatistics {
            out.append(",\n\n\t\"statistics\":\n\t{\n\t\t\"elapsed\": ")
            NumberFormatting.append(end.elapsedSeconds, to: &out)
            out.append(",\n\t\t\"rows_read\": ")
            NumberFormatting.append(end.rowsRead, to: &out)
            out.append(",\n\t\t\"bytes_read\": ")
            NumberFormatting.append(end.bytesRead, to: &out)
            out.append("\n\t}")
        }
        out.append("\n}\n")
    }
}
