/// Renders a result in an ``OutputFormat`` block by block, byte-identical to the server's own
/// rendering of the same result with the same ``FormatSettings``.
///
/// Call ``write(_:to:)`` for each block as it arrives, then ``finish(header:end:to:)`` with the
/// totals, extremes and statistics read after the last block. Only the header of the format
/// and one block's text are held at a time.
public struct ResultFormatter {
    /// The format rendered.
    public let format: OutputFormat
    /// The settings followed.
    public let settings: FormatSettings
    private var writer: any RowFormatWriter
    private var started = false

    /// A formatter for `format` with `settings` (the server's defaults unless given).
    public init(format: OutputFormat, settings: FormatSettings = FormatSettings()) {
        self.format = format
        self.settings = settings
        switch format {
        case .tabSeparated, .tabSeparatedRaw, .tabSeparatedWithNames, .tabSeparatedWithNamesAndTypes, .csv, .csvWithNames:
            writer = DelimitedRows(format: format, settings: settings)
        case .jsonEachRow: writer = JSONEachRowRows(compact: false, settings: settings)
        case .jsonCompactEachRow: writer = JSONEachRowRows(compact: true, settings: settings)
        case .json: writer = JSONRows(compact: false, settings: settings)
        case .jsonCompact: writer = JSONRows(compact: true, settings: settings)
        case .values: writer = ValuesRows(settings: settings)
        case .vertical: writer = VerticalRows(settings: settings)
        case .pretty: writer = PrettyRows(style: .grid, mono: false, settings: settings)
        case .prettyCompact: writer = PrettyRows(style: .compact, mono: false, settings: settings)
        case .prettyCompactMonoBlock: writer = PrettyRows(style: .compact, mono: true, settings: settings)
        case .prettySpace: writer = PrettyRows(style: .space, mono: false, settings: settings)
        case .markdown: writer = MarkdownRows(settings: settings)
        case .null: writer = NullRows()
        }
    }

    /// Whether the format prints `WITH TOTALS` rows and extremes; where it does not (JSONEachRow,
    /// JSONCompactEachRow, Values, Markdown) the server drops them too.
    public var printsTotalsAndExtremes: Bool { writer.printsTotalsAndExtremes }

    /// Why a result with columns of `types` cannot be written exactly in this format, if it
    /// cannot (check before writing the first block; the formatter never writes a different text).
    public func unsupported(types: [CHType]) -> String? {
        guard format.isPretty && format != .vertical else { return nil }
        return types.lazy.compactMap { PrettyRows.unsupported($0, settings: self.settings) }.first
    }

    /// Appends the rows of `block` to `out` (the format's header first, before the first block).
    public mutating func write(_ block: Block, to out: inout TextOutput) {
        if !started {
            started = true
            writer.start(names: block.names, types: block.types, to: &out)
        }
        writer.rows(block, to: &out)
    }

    /// Appends the format's header for a result without rows (nothing when rows were written).
    public mutating func writeHeaderIfNeeded(_ header: Block?, to out: inout TextOutput) {
        guard !started, let header else { return }
        started = true
        writer.start(names: header.names, types: header.types, to: &out)
    }

    /// Appends what the format writes after the rows: totals, extremes, statistics. `header`
    /// (the result's header block) gives the names and types when no row was written; a result
    /// without a header (a statement that returns nothing) prints nothing.
    public mutating func finish(header: Block?, end: ResultEnd, to out: inout TextOutput) {
        if !started {
            guard header != nil else { return }
            writeHeaderIfNeeded(header, to: &out)
        }
        writer.end(end, to: &out)
    }
}
