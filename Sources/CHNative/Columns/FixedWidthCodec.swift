/// Reads and writes fixed-width columns with bulk copies.
final class FixedWidthCodec<Element: BitwiseCopyable & Sendable>: ColumnCodec {
    let type: CHType

    init(type: CHType) { self.type = type }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let values: [Element] = try FixedWidthCodec.readValues(r, rows: rows)
        return FixedWidthColumn<Element>(uncheckedType: type, values: values, defaultTimezone: context.defaultTimezone)
    }

    /// Reads `rows` values; memory grows with the bytes actually received, so a corrupt row
    /// count cannot force a huge allocation up front. With a recycler on `r` the previous
    /// block's array is refilled instead of allocating (see ``ArrayRecycler``).
    static func readValues(_ r: ReadBuffer, rows: Int) throws -> [Element] {
        let size = MemoryLayout<Element>.stride
        var values: [Element] = []
        var done = 0
        if let recycler = r.recycler {
            values = recycler.take(Element.self)
            let first = min(rows, max(1, (4 << 20) / size))
            if values.capacity >= first {
                // Reused storage: give it the right count (usually it already has it, as the
                // previous block had as many rows) and copy over the old values.
                recycler.resize(&values, to: first)
                try values.withUnsafeMutableBytes { buf in
                    guard let base = buf.baseAddress else { return }
                    try r.copyBytes(to: base, count: first * size)
                }
                done = first
            } else {
                values = []
            }
        }
        try appendValues(r, rows: rows - done, to: &values)
        r.recycler?.keep(values)
        return values
    }

    /// Appends `rows` values read from `r` to `values`, in chunks of at most 4 MiB so that
    /// storage only grows as data actually arrives; each chunk is one bulk copy into fresh,
    /// uninitialized storage.
    static func appendValues(_ r: ReadBuffer, rows: Int, to values: inout [Element]) throws {
        let size = MemoryLayout<Element>.stride
        let chunk = max(1, (4 << 20) / size)
        var done = 0
        while done < rows {
            let n = min(chunk, rows - done)
            let part = try [Element](unsafeUninitializedCapacity: n) { buf, initialized in
                if let base = buf.baseAddress {
                    try r.copyBytes(to: UnsafeMutableRawPointer(base), count: n * size)
                }
                initialized = n
            }
            if values.isEmpty { values = part } else { values.append(contentsOf: part) }
            done += n
        }
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? any RawFixedWidthColumn, c.elementSize == MemoryLayout<Element>.stride else {
            throw ClickHouseError.invalidInput("expected a column of \(type.name), got \(column.type.name) (\(Swift.type(of: column)))")
        }
        try c.withRawBytes { try w.writeBulk($0) }
    }
}

/// The `Nothing` type (only seen as `Nullable(Nothing)` for `NULL` literals): one placeholder byte per row.
public struct NothingColumn: Column {
    public var type: CHType { .nothing }
    public let count: Int
    /// A column of `count` `NULL`s.
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
