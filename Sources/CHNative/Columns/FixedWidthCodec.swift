/// Reads and writes fixed-width columns with bulk copies.
final class FixedWidthCodec<Element: BitwiseCopyable & Sendable>: ColumnCodec {
    let type: CHType

    init(type: CHType) { self.type = type }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let values: [Element] = try FixedWidthCodec.readValues(r, rows: rows)
        return FixedWidthColumn<Element>(uncheckedType: type, values: values, defaultTimezone: context.defaultTimezone)
    }

    /// Reads `rows` values; memory grows with the bytes actually received, so a corrupt row
    /// count cannot force a huge allocation up front.
    static func readValues(_ r: ReadBuffer, rows: Int) throws -> [Element] {
        let size = MemoryLayout<Element>.stride
        let chunk = max(1, (4 << 20) / size)
        if rows <= chunk {
            return try [Element](unsafeUninitializedCapacity: rows) { buf, initialized in
                if let base = buf.baseAddress, rows > 0 {
                    try r.copyBytes(to: UnsafeMutableRawPointer(base), count: rows * size)
                }
                initialized = rows
            }
        }
        var values = [Element]()
        var done = 0
        while done < rows {
            let n = min(chunk, rows - done)
            let part = try readValues(r, rows: n)
            values.append(contentsOf: part)
            done += n
        }
        return values
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? any RawFixedWidthColumn, c.elementSize == MemoryLayout<Element>.stride else {
            throw ClickHouseError.invalidInput("expected a column of \(type.name), got \(column.type.name) (\(Swift.type(of: column)))")
        }
        c.withRawBytes { w.write($0) }
    }
}

/// The `Nothing` type (only seen as `Nullable(Nothing)` for `NULL` literals): one placeholder byte per row.
public struct NothingColumn: Column {
    public var type: CHType { .nothing }
    public let count: Int
    public init(count: Int) { self.count = count }
    public func isNull(at row: Int) -> Bool { true }
    public func value(at row: Int) -> CHValue { .null }
    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        out.append(style == .tabSeparated ? "\\N" : style == .json ? "null" : "NULL")
    }
}

final class NothingCodec: ColumnCodec {
    let type: CHType = .nothing
    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        try r.skip(rows)
        return NothingColumn(count: rows)
    }
    func write(_ column: any Column, to w: WriteBuffer) throws {
        // The server writes the character '0' as each placeholder.
        for _ in 0..<column.count { w.writeUInt8(0x30) }
    }
}
