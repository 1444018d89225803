/// A block of rows: named, typed columns of equal length — the unit ClickHouse streams.
public struct Block: Sendable {
    /// Column names, in order.
    public var names: [String]
    /// The columns, in the same order as ``names``.
    public var columns: [any Column]
    /// `is_overflows` from the block info (set on the overflow row of `WITH TOTALS` queries).
    public var isOverflows: Bool = false
    /// `bucket_num` from the block info (-1 when not a two-level aggregation bucket).
    public var bucketNumber: Int32 = -1
    /// The types the server declared, when one differs from its column's: an alias (`Point`,
    /// `Nested`, `Geometry`) is decoded as the structure it names, and results print its name.
    var declaredTypes: [CHType]? = nil

    /// Creates a block; throws when names and columns differ in number or columns in length.
    public init(names: [String], columns: [any Column]) throws {
        guard names.count == columns.count else {
            throw ClickHouseError.invalidInput("block has \(names.count) names but \(columns.count) columns")
        }
        if let first = columns.first, let bad = columns.firstIndex(where: { $0.count != first.count }) {
            throw ClickHouseError.invalidInput("column '\(names[bad])' has \(columns[bad].count) rows, column '\(names[0])' has \(first.count)")
        }
        self.names = names
        self.columns = columns
    }

    /// Creates a block from `(name, column)` pairs.
    public init(_ pairs: [(String, any Column)]) throws {
        try self.init(names: pairs.map(\.0), columns: pairs.map(\.1))
    }

    init(unchecked names: [String], columns: [any Column]) {
        self.names = names
        self.columns = columns
    }

    /// The number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The number of columns.
    public var columnCount: Int { columns.count }

    /// The column named `name`, if any.
    public func column(named name: String) -> (any Column)? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// The column named `name` as the concrete column type `T`; throws a clear error naming
    /// the column and its actual type otherwise.
    public func column<T: Column>(named name: String, as: T.Type) throws -> T {
        guard let c = column(named: name) else {
            throw ClickHouseError.invalidInput("no column named '\(name)'; the block has \(names.joined(separator: ", "))")
        }
        guard let typed = c as? T else {
            throw ClickHouseError.invalidInput("column '\(name)' is \(c.type.name) (\(type(of: c))), not \(T.self)")
        }
        return typed
    }
}

/// A server-side cursor position: how much was read and written so far.
public struct Progress: Sendable, Equatable {
    /// Rows read by the server so far.
    public var rows: UInt64 = 0
    /// Uncompressed bytes read by the server so far.
    public var bytes: UInt64 = 0
    /// The server's estimate of all the rows the query reads (0 when unknown).
    public var totalRowsToRead: UInt64 = 0
    /// The server's estimate of all the bytes the query reads (0 when unknown or before revision 54463).
    public var totalBytesToRead: UInt64 = 0
    /// Rows written so far (inserts, `INSERT ... SELECT`).
    public var writtenRows: UInt64 = 0
    /// Bytes written so far.
    public var writtenBytes: UInt64 = 0
    /// Time the query has run on the server, in nanoseconds (the largest reported).
    public var elapsedNanoseconds: UInt64 = 0

    /// No progress yet.
    public init() {}

    /// Adds a Progress packet's increments. The counts come from the server: a stream that
    /// claims more than 2^64 rows or bytes saturates at `UInt64.max` instead of trapping.
    mutating func add(_ o: Progress) {
        func sum(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (v, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max : v
        }
        rows = sum(rows, o.rows)
        bytes = sum(bytes, o.bytes)
        totalRowsToRead = sum(totalRowsToRead, o.totalRowsToRead)
        totalBytesToRead = sum(totalBytesToRead, o.totalBytesToRead)
        writtenRows = sum(writtenRows, o.writtenRows)
        writtenBytes = sum(writtenBytes, o.writtenBytes)
        elapsedNanoseconds = max(elapsedNanoseconds, o.elapsedNanoseconds)
    }
}

/// Profile information sent after a query's data.
public struct ProfileInfo: Sendable, Equatable {
    /// Rows in the result.
    public var rows: UInt64 = 0
    /// Blocks in the result.
    public var blocks: UInt64 = 0
    /// Uncompressed bytes of the result.
    public var bytes: UInt64 = 0
    /// Whether a `LIMIT` cut the result.
    public var appliedLimit: Bool = false
    /// Rows there would have been without the `LIMIT` (when ``calculatedRowsBeforeLimit``).
    public var rowsBeforeLimit: UInt64 = 0
    /// Whether ``rowsBeforeLimit`` was computed.
    public var calculatedRowsBeforeLimit: Bool = false
    /// Empty profile information.
    public init() {}
}
