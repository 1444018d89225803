import Dispatch

/// `Pretty`, `PrettyCompact`, `PrettyCompactMonoBlock` and `PrettySpace`: tables drawn with box characters (or spaces), row numbers
/// on the left, numbers right-aligned, NULL as `ᴺᵁᴸᴸ`, multi-line values continued with `↴`/`↳`,
/// the column names repeated under tables of 50 rows or more, the large-number tip after a
/// single number, and `Totals:`/`Extremes:` tables after the rows.
///
/// Like the server (`output_format_pretty_squash_consecutive_ms`), blocks arriving within 50 ms
/// of the first one waiting are drawn as one table; `MonoBlock` draws the whole result as one
/// table (buffered, up to ``PrettyRows/monoBlockRowLimit`` rows).
struct PrettyRows: RowFormatWriter {
    static let null = Array("ᴺᵁᴸᴸ".utf8)
    static let monoBlockRowLimit = 1_000_000
    static let squashNanoseconds: UInt64 = 50_000_000

    /// How the table is drawn.
    enum Style { case compact, grid, space }

    let text: ValueText
    let mono: Bool
    let style: Style
    var names: [String] = []
    var types: [CHType] = []
    var pending: [Block] = []
    var pendingRows = 0
    var pendingSince: UInt64 = 0
    var rowNumber = 0

    init(style: Style, mono: Bool, settings: FormatSettings) {
        text = ValueText(settings: settings)
        self.style = style
        self.mono = mono
    }

    var printsTotalsAndExtremes: Bool { true }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        self.names = names
        self.types = types
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        let now = Self.now()
        if !mono && !pending.isEmpty && now - pendingSince >= Self.squashNanoseconds { flush(to: &out) }
        if pending.isEmpty { pendingSince = now }
        pending.append(block)
        pendingRows += block.rowCount
    }

    private mutating func flush(to out: inout TextOutput) {
        guard !pending.isEmpty else { return }
        let blocks = pending
        pending = []
        pendingRows = 0
        rowNumber = table(blocks, firstRow: rowNumber, to: &out)
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {
        flush(to: &out)
        if let totals = end.totals, totals.rowCount > 0 {
            out.append("\nTotals:\n")
            _ = table([totals], firstRow: 0, to: &out)
        }
        if let extremes = end.extremes, extremes.rowCount > 0 {
            out.append("\nExtremes:\n")
            _ = table([extremes], firstRow: 0, to: &out)
        }
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// One cell: its lines (split at `\n`) and their widths.
    struct Cell {
        var lines: [ArraySlice<UInt8>]
        var widths: [Int]
        var width: Int { widths.max() ?? 0 }
    }

    /// A column holding named tuples as the server shows it in Pretty formats
    /// (`output_format_pretty_named_tuples_as_json`): JSON objects over several lines.
    static func namedTupleWriter(_ column: any Column, _ text: ValueText) -> CellWriter? {
        guard text.settings.prettyNamedTuplesAsJSON else { return nil }
        return PrettyTupleJSON.writer(column, text)
    }

    /// Why a column of `type` cannot be shown exactly in the Pretty formats, if it cannot.
    static func unsupported(_ type: CHType, settings: FormatSettings) -> String? {
        guard settings.prettyNamedTuplesAsJSON, type.containsNamedTuple, !PrettyTupleJSON.draws(type) else { return nil }
        return "\(type.name) holds a named tuple that the server draws as indented JSON (output_format_pretty_named_tuples_as_json), which datalake query draws for a named tuple, or an array or map of them, at the top of a column"
    }

    private func cells(_ column: any Column, rows: Int) -> [Cell] {
        let write = Self.namedTupleWriter(column, text) ?? text.writer(column, .text(null: Self.null))
        var result: [Cell] = []
        result.reserveCapacity(rows)
        for row in 0..<rows {
            var o = TextOutput()
            write(row, &o)
            let bytes = o.bytes
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            result.append(Cell(lines: lines, widths: lines.map { line in
                line.allSatisfy { $0 < 0x80 } ? line.count : DisplayWidth.of(String(decoding: line, as: UTF8.self))
            }))
        }
        return result
    }

    /// Draws `blocks` as one table whose rows are numbered from `firstRow + 1`; returns the last number.
    private func table(_ blocks: [Block], firstRow: Int, to out: inout TextOutput) -> Int {
        let count = names.count
        var columns = [[Cell]](repeating: [], count: count)
        for block in blocks {
            for i in 0..<min(count, block.columnCount) { columns[i] += cells(block.columns[i], rows: block.rowCount) }
        }
        let rows = columns.first?.count ?? 0
        guard rows > 0 else { return firstRow }
        let right = types.map(\.alignsRight)
        let nameWidths = names.map(DisplayWidth.of)
        let widths = (0..<count).map { i in max(nameWidths[i], columns[i].map(\.width).max() ?? 0) }
        let lastNumber = firstRow + rows
        // output_format_pretty_fallback_to_vertical: a table of at most 10 rows and 5 columns or
        // more that is wide (250) or has a multi-line value is written as Vertical.
        if rows <= 10 && count >= 5
            && (widths.reduce(0, +) >= 250 || columns.contains { $0.contains { $0.lines.count > 1 } }) {
            var vertical = VerticalRows(settings: text.settings, namedTuplesAsJSON: true)
            vertical.start(names: names, types: types, to: &out)
            vertical.rowNumber = firstRow
            for block in blocks { vertical.rows(block, to: &out) }
            return lastNumber
        }
        let numberWidth = text.settings.prettyRowNumbers ? String(lastNumber).count + 2 : 0
        let margin = [UInt8](repeating: 0x20, count: numberWidth)

        func rule(_ left: String, _ middle: String, _ rightEnd: String, names withNames: Bool) {
            out.append(contentsOf: margin)
            out.append(left)
            for i in 0..<count {
                if i > 0 { out.append(middle) }
                out.append("─")
                if withNames {
                    let pad = String(repeating: "─", count: widths[i] - nameWidths[i])
                    if right[i] { out.append(pad); out.append(names[i]) } else { out.append(names[i]); out.append(pad) }
                } else {
                    out.append(String(repeating: "─", count: widths[i]))
                }
                out.append("─")
            }
            out.append(rightEnd)
            out.append(0x0A)
        }

        /// A line of box characters: `left`, `fill` over each column (and its two spaces), `middle`
        /// between columns, `end`.
        func border(_ left: String, _ fill: String, _ middle: String, _ end: String) {
            out.append(contentsOf: margin)
            out.append(left)
            for i in 0..<count {
                if i > 0 { out.append(middle) }
                out.append(String(repeating: fill, count: widths[i] + 2))
            }
            out.append(end)
            out.append(0x0A)
        }
        /// The names between `bar`s (Pretty), or space-separated without the last space (PrettySpace).
        func nameLine(_ bar: String?) {
            out.append(contentsOf: margin)
            if let bar { out.append(bar) }
            for i in 0..<count {
                if bar == nil && i > 0 { out.append(0x20) }
                out.append(0x20)
                let pad = String(repeating: " ", count: widths[i] - nameWidths[i])
                if right[i] { out.append(pad); out.append(names[i]) } else { out.append(names[i]); out.append(pad) }
                if let bar { out.append(0x20); out.append(bar) } else if i + 1 < count { out.append(0x20) }
            }
            out.append(0x0A)
        }

        switch style {
        case .compact: rule("┌", "┬", "┐", names: true)
        case .grid:
            border("┏", "━", "┳", "┓")
            nameLine("┃")
            border("┡", "━", "╇", "┩")
        case .space:
            nameLine(nil)
            out.append(0x0A)
        }
        let bar: String? = style == .space ? nil : "│"
        for r in 0..<rows {
            if style == .grid && r > 0 { border("├", "─", "┼", "┤") }
            let height = columns.map { $0[r].lines.count }.max() ?? 1
            for line in 0..<height {
                if line == 0 && numberWidth > 0 {
                    let label = "\(firstRow + r + 1). "
                    out.append(String(repeating: " ", count: numberWidth - label.count))
                    out.append(label)
                } else {
                    out.append(contentsOf: margin)
                }
                if let bar { out.append(bar) }
                for i in 0..<count {
                    if bar == nil && i > 0 { out.append(0x20) }
                    let cell = columns[i][r]
                    let has = line < cell.lines.count
                    out.append(line > 0 && has ? "↳" : " ")
                    let w = has ? cell.widths[line] : 0
                    let pad = [UInt8](repeating: 0x20, count: widths[i] - w)
                    if right[i] { out.append(contentsOf: pad) }
                    if has { out.append(contentsOf: cell.lines[line]) }
                    if !right[i] { out.append(contentsOf: pad) }
                    out.append(line + 1 < cell.lines.count ? "↴" : " ")
                    if let bar { out.append(bar) }
                }
                if line == 0 && rows == 1 && count == 1 && types[0].isNumber, let only = cell(columns, 0, 0) {
                    if let tip = ReadableNumber.tip(only[...], threshold: text.settings.largeNumberTipThreshold) { out.append(contentsOf: tip) }
                }
                out.append(0x0A)
            }
        }
        let footer = rows >= 50
        switch style {
        case .compact: rule("└", "┴", "┘", names: footer)
        case .grid:
            if footer {
                border("┢", "━", "╈", "┪")
                nameLine("┃")
                border("┗", "━", "┻", "┛")
            } else {
                border("└", "─", "┴", "┘")
            }
        case .space:
            if footer {
                out.append(0x0A)
                nameLine(nil)
                out.append(0x0A)
            }
        }
        return lastNumber
    }

    private func cell(_ columns: [[Cell]], _ column: Int, _ row: Int) -> [UInt8]? {
        let c = columns[column][row]
        guard c.lines.count == 1 else { return nil }
        return Array(c.lines[0])
    }
}
