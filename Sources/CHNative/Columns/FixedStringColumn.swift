/// A `FixedString(N)` column: `N` bytes per row in one contiguous buffer.
public struct FixedStringColumn: Column {
    /// N, the width of every value.
    public let width: Int
    /// All values back to back.
    public private(set) var data: [UInt8]

    public var type: CHType { .fixedString(width) }
    public var count: Int { width == 0 ? 0 : data.count / width }

    /// Creates a column from `values`, each padded with zero bytes to `width`; throws when a
    /// value is longer than `width`.
    public init(width: Int, values: [[UInt8]]) throws {
        guard width > 0 else { throw ClickHouseError.invalidInput("FixedString width must be positive") }
        self.width = width
        data = []
        data.reserveCapacity(width * values.count)
        for (i, v) in values.enumerated() {
            guard v.count <= width else {
                throw ClickHouseError.invalidInput("value \(i) has \(v.count) bytes, more than FixedString(\(width)) holds")
            }
            data.append(contentsOf: v)
            data.append(contentsOf: repeatElement(0, count: width - v.count))
        }
    }

    init(width: Int, data: [UInt8]) {
        self.width = width
        self.data = data
    }

    /// The bytes of row `row` (including zero padding).
    public func bytes(at row: Int) -> [UInt8] { Array(data[(row * width) ..< ((row + 1) * width)]) }

    public func value(at row: Int) -> CHValue { .bytes(bytes(at: row)) }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        data.withUnsafeBytes { all in
            let b = UnsafeRawBufferPointer(rebasing: all[(row * width) ..< ((row + 1) * width)])
            switch style {
            case .tabSeparated: TextEscaping.appendEscaped(b, quoted: false, to: &out)
            case .quoted: TextEscaping.appendEscaped(b, quoted: true, to: &out)
            case .json: TextEscaping.appendJSON(b, to: &out)
            }
        }
    }
}

final class FixedStringCodec: ColumnCodec {
    let width: Int
    var type: CHType { .fixedString(width) }

    init(width: Int) { self.width = width }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let (total, overflow) = rows.multipliedReportingOverflow(by: width)
        guard !overflow else { throw ClickHouseError.protocolViolation("FixedString(\(width)) column of \(rows) rows is too large") }
        let bytes: [UInt8] = try FixedWidthCodec<UInt8>.readValues(r, rows: total)
        return FixedStringColumn(width: width, data: bytes)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? FixedStringColumn, c.width == width else {
            throw ClickHouseError.invalidInput("expected a FixedString(\(width)) column, got \(column.type.name)")
        }
        c.data.withUnsafeBytes { w.write($0) }
    }
}
