/// A `Tuple(...)` column: one column per element.
public struct TupleColumn: Column {
    public let type: CHType
    /// The element columns, all with the same row count.
    public var elements: [any Column]

    /// Creates a tuple column from element columns (names optional, for named tuples).
    public init(elements: [any Column], names: [String?]? = nil) throws {
        guard let first = elements.first else { throw ClickHouseError.invalidInput("a tuple needs at least one element") }
        guard elements.allSatisfy({ $0.count == first.count }) else {
            throw ClickHouseError.invalidInput("tuple elements have different row counts")
        }
        let names = names ?? Array(repeating: nil, count: elements.count)
        guard names.count == elements.count else { throw ClickHouseError.invalidInput("tuple has \(elements.count) elements but \(names.count) names") }
        self.type = .tuple(zip(names, elements).map { CHType.TupleElement(name: $0, type: $1.type) })
        self.elements = elements
        self.rows = first.count
    }

    /// An empty tuple column (`Tuple()`) of `rows` rows: it has no elements, so it keeps its
    /// row count itself.
    public init(emptyTupleRows rows: Int) {
        self.type = .tuple([])
        self.elements = []
        self.rows = rows
    }

    /// `rows` is the row count, which the elements carry too when there are any; an empty
    /// `Tuple()` has only this.
    init(unchecked type: CHType, elements: [any Column], rows: Int) {
        self.type = type
        self.elements = elements
        self.rows = rows
    }

    private let rows: Int

    public var count: Int { rows }

    public func value(at row: Int) -> CHValue { .tuple(elements.map { $0.value(at: row) }) }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        let inner: TextStyle = style == .json ? .json : .quoted
        out.append(style == .json ? 0x5B : 0x28)
        for (i, e) in elements.enumerated() {
            if i > 0 { out.append(0x2C) }
            e.writeText(at: row, to: &out, style: inner)
        }
        out.append(style == .json ? 0x5D : 0x29)
    }
}

final class TupleCodec: ColumnCodec {
    let type: CHType
    let elements: [any ColumnCodec]

    init(type: CHType, elements: [any ColumnCodec]) {
        self.type = type
        self.elements = elements
    }

    func readPrefix(_ r: ReadBuffer) throws {
        for e in elements { try e.readPrefix(r) }
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        if elements.isEmpty {
            // The server writes one placeholder byte ('0') per row of an empty `Tuple()`, as for `Nothing`.
            try r.skip(rows)
            return TupleColumn(unchecked: type, elements: [], rows: rows)
        }
        return TupleColumn(unchecked: type, elements: try elements.map { try $0.read(r, rows: rows, context: context) }, rows: rows)
    }

    private func cast(_ column: any Column) throws -> TupleColumn {
        guard let c = column as? TupleColumn, c.elements.count == elements.count else {
            throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)")
        }
        return c
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        for (codec, col) in zip(elements, c.elements) { try codec.writePrefix(col, to: w) }
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        if elements.isEmpty {
            for _ in 0..<c.count { w.writeUInt8(0x30) }
            return
        }
        for (codec, col) in zip(elements, c.elements) { try codec.write(col, to: w) }
    }
}
