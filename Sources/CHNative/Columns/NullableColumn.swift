/// A `Nullable(T)` column: a null map (1 = NULL) and the nested values, with placeholders
/// at NULL rows.
public struct NullableColumn: Column {
    /// One byte per row; non-zero means NULL.
    public var nullMap: [UInt8]
    /// The values, one per row (placeholders where NULL).
    public var nested: any Column

    public var type: CHType { .nullable(nested.type) }
    public var count: Int { nullMap.count }

    /// Creates a column; throws when the null map and the values differ in length.
    public init(nullMap: [UInt8], nested: any Column) throws {
        guard nullMap.count == nested.count else {
            throw ClickHouseError.invalidInput("null map has \(nullMap.count) rows but the values have \(nested.count)")
        }
        self.nullMap = nullMap
        self.nested = nested
    }

    init(unchecked nullMap: [UInt8], nested: any Column) {
        self.nullMap = nullMap
        self.nested = nested
    }

    public func isNull(at row: Int) -> Bool { nullMap[row] != 0 }

    public func value(at row: Int) -> CHValue { nullMap[row] != 0 ? .null : nested.value(at: row) }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        if nullMap[row] != 0 {
            switch style {
            case .tabSeparated: out.append(0x5C); out.append(UInt8(ascii: "N"))
            case .quoted: out.append("NULL")
            case .json: out.append("null")
            }
        } else {
            nested.writeText(at: row, to: &out, style: style)
        }
    }
}

final class NullableCodec: ColumnCodec {
    let type: CHType
    let nested: any ColumnCodec

    init(type: CHType, nested: any ColumnCodec) {
        self.type = type
        self.nested = nested
    }

    func readPrefix(_ r: ReadBuffer) throws { try nested.readPrefix(r) }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let nulls: [UInt8] = try FixedWidthCodec<UInt8>.readValues(r, rows: rows)
        let values = try nested.read(r, rows: rows, context: context)
        return NullableColumn(unchecked: nulls, nested: values)
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? NullableColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        try nested.writePrefix(c.nested, to: w)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? NullableColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        c.nullMap.withUnsafeBytes { w.write($0) }
        try nested.write(c.nested, to: w)
    }
}
