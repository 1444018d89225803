/// A `Map(K, V)` column, stored as ClickHouse does: `Array(Tuple(K, V))` — offsets per row,
/// then all keys and all values.
public struct MapColumn: Column {
    /// End offsets per row into ``keys`` and ``values``.
    public var offsets: [UInt64]
    /// Every key of every row, row after row.
    public var keys: any Column
    /// Every value of every row, aligned with ``keys``.
    public var values: any Column

    public var type: CHType { .map(key: keys.type, value: values.type) }
    public var count: Int { offsets.count }

    /// Creates a map column; throws when offsets do not match the entry count.
    public init(offsets: [UInt64], keys: any Column, values: any Column) throws {
        guard keys.count == values.count else { throw ClickHouseError.invalidInput("map has \(keys.count) keys but \(values.count) values") }
        try ArrayColumn.validate(offsets: offsets, elementCount: keys.count)
        self.offsets = offsets
        self.keys = keys
        self.values = values
    }

    init(unchecked offsets: [UInt64], keys: any Column, values: any Column) {
        self.offsets = offsets
        self.keys = keys
        self.values = values
    }

    /// The positions in ``keys`` and ``values`` of the entries of `row`.
    public func range(at row: Int) -> Range<Int> {
        (row == 0 ? 0 : Int(offsets[row - 1])) ..< Int(offsets[row])
    }

    public func value(at row: Int) -> CHValue {
        let r = range(at: row)
        return .map(r.map { keys.value(at: $0) }, r.map { values.value(at: $0) })
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        let inner: TextStyle = style == .json ? .json : .quoted
        out.append(0x7B)
        var first = true
        for i in range(at: row) {
            if !first { out.append(0x2C) }
            first = false
            if style == .json, !(keys is StringColumn) {
                // JSON object keys must be strings.
                var key = TextOutput()
                keys.writeText(at: i, to: &key, style: .tabSeparated)
                key.bytes.withUnsafeBytes { TextEscaping.appendJSON($0, to: &out) }
            } else {
                keys.writeText(at: i, to: &out, style: inner)
            }
            out.append(0x3A)
            values.writeText(at: i, to: &out, style: inner)
        }
        out.append(0x7D)
    }
}

final class MapCodec: ColumnCodec {
    let type: CHType
    let keys: any ColumnCodec
    let values: any ColumnCodec

    init(type: CHType, keys: any ColumnCodec, values: any ColumnCodec) {
        self.type = type
        self.keys = keys
        self.values = values
    }

    func readPrefix(_ r: ReadBuffer) throws {
        try keys.readPrefix(r)
        try values.readPrefix(r)
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let offsets = try readOffsets(r, rows: rows, what: type.name)
        let n = Int(offsets.last ?? 0)
        let k = try keys.read(r, rows: n, context: context)
        let v = try values.read(r, rows: n, context: context)
        return MapColumn(unchecked: offsets, keys: k, values: v)
    }

    private func cast(_ column: any Column) throws -> MapColumn {
        guard let c = column as? MapColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        return c
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        try keys.writePrefix(c.keys, to: w)
        try values.writePrefix(c.values, to: w)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        c.offsets.withUnsafeBytes { w.write($0) }
        try keys.write(c.keys, to: w)
        try values.write(c.values, to: w)
    }
}
