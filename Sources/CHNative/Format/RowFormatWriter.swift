/// What the server sends after a result's rows, for the formats that print it.
public struct ResultEnd: Sendable {
    /// The `WITH TOTALS` row.
    public var totals: Block?
    /// The extremes (`extremes = 1`): a block of two rows, the minimums and the maximums.
    public var extremes: Block?
    /// Rows before `LIMIT` (the server's `rows_before_limit_at_least`), when a limit was applied.
    public var rowsBeforeLimit: UInt64?
    /// Seconds the query took, measured by the client (JSON's `statistics.elapsed`).
    public var elapsedSeconds: Double
    /// Rows and bytes the server read (its Progress packets).
    public var rowsRead: UInt64
    /// Uncompressed bytes the server read.
    public var bytesRead: UInt64

    /// What followed the rows.
    public init(totals: Block? = nil, extremes: Block? = nil, rowsBeforeLimit: UInt64? = nil,
                elapsedSeconds: Double = 0, rowsRead: UInt64 = 0, bytesRead: UInt64 = 0) {
        self.totals = totals
        self.extremes = extremes
        self.rowsBeforeLimit = rowsBeforeLimit
        self.elapsedSeconds = elapsedSeconds
        self.rowsRead = rowsRead
        self.bytesRead = bytesRead
    }
}

/// One output format's layout: what comes before the rows, the rows, what comes after.
protocol RowFormatWriter {
    /// Written once, before the first row (or for an empty result at the end).
    mutating func start(names: [String], types: [CHType], to out: inout TextOutput)
    /// The rows of one block.
    mutating func rows(_ block: Block, to out: inout TextOutput)
    /// Totals, extremes and statistics, where the format has them.
    mutating func end(_ end: ResultEnd, to out: inout TextOutput)
    /// Whether the format prints totals and extremes (the server drops them in some formats).
    var printsTotalsAndExtremes: Bool { get }
}

extension Block {
    /// The column types, in order.
    var types: [CHType] { declaredTypes ?? columns.map(\.type) }
}

/// The cell writers of a block's columns.
func cellWriters(_ block: Block, _ text: ValueText, _ mode: ValueMode) -> [CellWriter] {
    block.columns.map { text.writer($0, mode) }
}
