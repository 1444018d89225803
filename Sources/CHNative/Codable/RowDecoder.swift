/// Decodes the rows of query results into `Decodable` Swift values.
///
/// Each row becomes one value: struct properties are matched to columns by name (use
/// `CodingKeys` to map other names). Supported property types:
///
/// - `Int`, `Int8`…`Int64`, `UInt`…`UInt64`, `Int128`, `UInt128` from integer columns of any
///   width (and enums' values) when the value fits — otherwise an error names the value;
/// - `Double`, `Float` from float columns (and integers that convert exactly); `Bool`;
/// - `String` from `String`, `FixedString`, enums (the name), UUID, IP, decimal, date and
///   256-bit integer columns (their text as the server prints it);
/// - Foundation `Date` from `Date`, `Date32`, `DateTime` and `DateTime64`; `UUID`; `Decimal`
///   from `Decimal(P, S)` (up to 38 significant digits) and integers; `Data` and `[UInt8]` from
///   strings (raw bytes);
/// - `Optional` from `Nullable` and `LowCardinality(Nullable)` (a NULL in a non-optional
///   property is an error); arrays from `Array`; dictionaries from `Map` (`String` and integer
///   keys, or any key type through Swift's unkeyed encoding); nested structs from named
///   `Tuple`s (matched by element name) and arrays from unnamed ones;
/// - `Variant` and `Dynamic` values as whatever their row holds (NULL as `nil`); `JSON` values
///   as structs whose properties are paths (`a.b` is property `b` of the struct at `a`), or as
///   `String` (the JSON text).
///
/// Errors are `DecodingError`s whose description names the column, the row, the column's type
/// and the requested Swift type.
///
/// ```swift
/// struct Visit: Decodable { let id: UInt64; let url: String; let at: Date; let tags: [String] }
/// let blocks = try connection.queryAll("SELECT id, url, at, tags FROM visits")
/// let visits = try RowDecoder().decode(Visit.self, from: blocks)
/// ```
public struct RowDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes every row of `block`.
    public func decode<T: Decodable>(_ type: T.Type, from block: Block) throws -> [T] {
        try decode(type, from: block, firstRowNumber: 0)
    }

    /// Decodes every row of `blocks`, in order; error messages number rows across blocks.
    public func decode<T: Decodable>(_ type: T.Type, from blocks: [Block]) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(blocks.reduce(0) { $0 + $1.rowCount })
        var first = 0
        for b in blocks {
            out.append(contentsOf: try decode(type, from: b, firstRowNumber: first))
            first += b.rowCount
        }
        return out
    }

    /// Reads `result` to the end and decodes every row.
    public func decode<T: Decodable>(_ type: T.Type, from result: QueryResult) throws -> [T] {
        var out: [T] = []
        var first = 0
        while let b = try result.next() {
            out.append(contentsOf: try decode(type, from: b, firstRowNumber: first))
            first += b.rowCount
        }
        return out
    }

    /// Decodes row `row` of `block`.
    public func decode<T: Decodable>(_ type: T.Type, from block: Block, row: Int) throws -> T {
        guard row >= 0, row < block.rowCount else {
            throw ClickHouseError.invalidInput("row \(row) is outside the block of \(block.rowCount) rows")
        }
        return try T(from: RowDecoding(block: block, row: row, rowNumber: row))
    }

    private func decode<T: Decodable>(_ type: T.Type, from block: Block, firstRowNumber: Int) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(block.rowCount)
        for row in 0..<block.rowCount {
            out.append(try T(from: RowDecoding(block: block, row: row, rowNumber: firstRowNumber + row)))
        }
        return out
    }
}
