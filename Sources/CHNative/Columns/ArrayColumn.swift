/// An `Array(T)` column: cumulative end offsets per row and all elements flattened.
public struct ArrayColumn: Column {
    /// `offsets[i]` is the end (exclusive) of row `i`'s elements in ``elements``.
    public var offsets: [UInt64]
    /// Every row's elements, back to back.
    public var elements: any Column

    public var type: CHType { .array(elements.type) }
    public var count: Int { offsets.count }

    /// Creates a column; throws when offsets are not non-decreasing or do not end at the element count.
    public init(offsets: [UInt64], elements: any Column) throws {
        try ArrayColumn.validate(offsets: offsets, elementCount: elements.count)
        self.offsets = offsets
        self.elements = elements
    }

    init(unchecked offsets: [UInt64], elements: any Column) {
        self.offsets = offsets
        self.elements = elements
    }

    static func validate(offsets: [UInt64], elementCount: Int) throws {
        var previous: UInt64 = 0
        for (i, o) in offsets.enumerated() {
            guard o >= previous else { throw ClickHouseError.invalidInput("array offsets decrease at row \(i)") }
            previous = o
        }
        guard previous == UInt64(elementCount) else {
            throw ClickHouseError.invalidInput("array offsets end at \(previous) but there are \(elementCount) elements")
        }
    }

    /// The range of row `row`'s elements in ``elements``.
    public func range(at row: Int) -> Range<Int> {
        (row == 0 ? 0 : Int(offsets[row - 1])) ..< Int(offsets[row])
    }

    public func value(at row: Int) -> CHValue { .array(range(at: row).map { elements.value(at: $0) }) }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        let inner: TextStyle = style == .json ? .json : .quoted
        out.append(0x5B)
        var first = true
        for i in range(at: row) {
            if !first { out.append(0x2C) }
            first = false
            elements.writeText(at: i, to: &out, style: inner)
        }
        out.append(0x5D)
    }
}

/// Reads array offsets and checks they are sane before the elements are read.
func readOffsets(_ r: ReadBuffer, rows: Int, what: String) throws -> [UInt64] {
    let offsets: [UInt64] = try FixedWidthCodec<UInt64>.readValues(r, rows: rows)
    var previous: UInt64 = 0
    for o in offsets {
        guard o >= previous, o - previous <= UInt64(1 << 40) else {
            throw ClickHouseError.protocolViolation("\(what) offsets are not increasing or absurdly large (\(previous) then \(o))")
        }
        previous = o
    }
    guard previous <= UInt64(Int.max / 64) else { throw ClickHouseError.protocolViolation("\(what) holds \(previous) elements") }
    return offsets
}

final class ArrayCodec: ColumnCodec {
    let type: CHType
    let nested: any ColumnCodec

    init(type: CHType, nested: any ColumnCodec) {
        self.type = type
        self.nested = nested
    }

    func readPrefix(_ r: ReadBuffer) throws { try nested.readPrefix(r) }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let offsets = try readOffsets(r, rows: rows, what: type.name)
        let elements = try nested.read(r, rows: Int(offsets.last ?? 0), context: context)
        return ArrayColumn(unchecked: offsets, elements: elements)
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? ArrayColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        try nested.writePrefix(c.elements, to: w)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? ArrayColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        c.offsets.withUnsafeBytes { w.write($0) }
        try nested.write(c.elements, to: w)
    }
}
