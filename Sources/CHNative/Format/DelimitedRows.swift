/// `TabSeparated`, `TabSeparatedRaw`, `TabSeparatedWithNames[AndTypes]`, `CSV` and
/// `CSVWithNames`: one line per row; totals and extremes after a blank line each.
struct DelimitedRows: RowFormatWriter {
    let text: ValueText
    let mode: ValueMode
    let delimiter: UInt8
    let lineEnd: [UInt8]
    let names: Bool
    let types: Bool
    /// CSV writes a tuple's elements as columns of their own, and names them `t.a` / `t.1`.
    let tupleColumns: Bool
    /// Rows are written through ``CellPlan``s (false: through ``ValueText``'s cell writers
    /// alone, the reference the plans are tested against).
    var planned = true
    /// The text of the rows being written, kept from block to block.
    private let sink = TextSinkStorage()

    init(format: OutputFormat, settings: FormatSettings) {
        text = ValueText(settings: settings)
        let csv = format.isCSV
        mode = csv ? .csv : format == .tabSeparatedRaw ? .raw : .escaped
        delimiter = csv ? settings.csvDelimiter : 0x09
        lineEnd = (csv ? settings.csvCRLF : settings.tsvCRLF) ? [0x0D, 0x0A] : [0x0A]
        names = format == .tabSeparatedWithNames || format == .tabSeparatedWithNamesAndTypes || format == .csvWithNames
        types = format == .tabSeparatedWithNamesAndTypes
        tupleColumns = csv && settings.csvTupleColumns && settings.csvHeaderTupleColumns
    }

    /// Column names, a tuple's elements as `name.element` (or `name.1`) where they are columns.
    private static func expanded(_ name: String, _ type: CHType) -> [String] {
        guard case .tuple(let elements) = type.wireType, !elements.isEmpty else { return [name] }
        return elements.enumerated().flatMap { i, e in expanded(name + "." + (e.name ?? String(i + 1)), e.type) }
    }

    var printsTotalsAndExtremes: Bool { true }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        if self.names {
            header(tupleColumns ? zip(names, types).flatMap { Self.expanded($0, $1) } : names, to: &out)
        }
        if self.types { header(types.map(\.name), to: &out) }
    }

    private func header(_ items: [String], to out: inout TextOutput) {
        let s = text.stringWriter(mode == .csv ? .csv : .escaped)
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(delimiter) }
            var v = item
            v.withUTF8 { s(UnsafeRawBufferPointer($0), &out) }
        }
        out.append(contentsOf: lineEnd)
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        guard planned else {
            let cells = cellWriters(block, text, mode)
            for row in 0..<block.rowCount {
                for (i, cell) in cells.enumerated() {
                    if i > 0 { out.append(delimiter) }
                    cell(row, &out)
                }
                out.append(contentsOf: lineEnd)
            }
            return
        }
        let plans = block.columns.map { CellPlan.top($0, mode: mode, text: text) }
        // Called through unretained references (`plans` keeps them alive): a retain and a
        // release per cell would cost more than most cells' text.
        let cells = plans.map { Unmanaged.passUnretained($0) }
        let rowCount = block.rowCount
        let delimiter = self.delimiter
        let crlf = lineEnd.count == 2
        withExtendedLifetime(plans) {
            sink.withSink { sink in
                for row in 0..<rowCount {
                    for i in cells.indices {
                        if i > 0 {
                            sink.reserve(1)
                            sink.byte(delimiter)
                        }
                        cells[i]._withUnsafeGuaranteedRef { $0.write(row, to: &sink) }
                    }
                    sink.reserve(2)
                    if crlf { sink.byte(0x0D) }
                    sink.byte(0x0A)
                    // Handed over a piece at a time: the sink stays small (and in the cache).
                    if sink.count >= 1 << 16 {
                        out.append(UnsafeRawBufferPointer(start: sink.base, count: sink.count))
                        sink.removeAll()
                    }
                }
                out.append(UnsafeRawBufferPointer(start: sink.base, count: sink.count))
            }
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {
        // The blank line before each is a bare "\n", CRLF or not (as the server writes it).
        if let totals = end.totals, totals.rowCount > 0 {
            out.append(0x0A)
            rows(totals, to: &out)
        }
        if let extremes = end.extremes, extremes.rowCount > 0 {
            out.append(0x0A)
            rows(extremes, to: &out)
        }
    }
}

/// `Values`: `(v1,v2),(…)` with no line breaks and no newline at the end; no totals or extremes
/// (the server does not print them either).
struct ValuesRows: RowFormatWriter {
    let text: ValueText
    var first = true

    init(settings: FormatSettings) { text = ValueText(settings: settings) }

    var printsTotalsAndExtremes: Bool { false }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {}

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        let cells = cellWriters(block, text, .quoted)
        for row in 0..<block.rowCount {
            if !first { out.append(0x2C) }
            first = false
            out.append(0x28)
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(0x2C) }
                cell(row, &out)
            }
            out.append(0x29)
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {}
}

/// `Null`: nothing at all.
struct NullRows: RowFormatWriter {
    var printsTotalsAndExtremes: Bool { true }
    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {}
    mutating func rows(_ block: Block, to out: inout TextOutput) {}
    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {}
}
