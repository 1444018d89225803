/// Writes one row of a column in ClickHouse's `RowBinary` format (the inverse of
/// ``RowBinaryValueReader``), and `Dynamic` values as binary type + value: what CHNative puts
/// into a `Dynamic`'s shared variant or a `JSON` column's shared data.
enum RowBinaryValueWriter {
    /// The binary type encoding of `type` followed by row `row` of `column` (a shared entry).
    static func dynamicValue(_ column: any Column, row: Int, type: CHType) throws -> [UInt8] {
        let w = WriteBuffer(capacity: 64)
        try BinaryTypeEncoder.encode(type, to: w)
        try write(column, row: row, to: w)
        return w.array
    }

    static func write(_ column: any Column, row: Int, to w: WriteBuffer, depth: Int = 0) throws {
        guard depth < BinaryTypeDecoder.maximumDepth else {
            throw ClickHouseError.invalidInput("\(column.type.name): value nested deeper than \(BinaryTypeDecoder.maximumDepth) levels")
        }
        let d = depth + 1
        switch column {
        case let c as StringColumn:
            c.withBytes(at: row) { w.writeBytesWithLength($0) }
        case let c as FixedStringColumn:
            c.data.withUnsafeBytes { w.write(UnsafeRawBufferPointer(rebasing: $0[(row * c.width)..<((row + 1) * c.width)])) }
        case is NothingColumn:
            break
        case let c as NullableColumn:
            if c.nullMap[row] != 0 {
                w.writeUInt8(1)
            } else {
                w.writeUInt8(0)
                try write(c.nested, row: row, to: w, depth: d)
            }
        case let c as ArrayColumn:
            let start = row == 0 ? 0 : Int(c.offsets[row - 1])
            let end = Int(c.offsets[row])
            w.writeVarUInt(UInt64(end - start))
            for i in start..<end { try write(c.elements, row: i, to: w, depth: d) }
        case let c as MapColumn:
            let start = row == 0 ? 0 : Int(c.offsets[row - 1])
            let end = Int(c.offsets[row])
            w.writeVarUInt(UInt64(end - start))
            for i in start..<end {
                try write(c.keys, row: i, to: w, depth: d)
                try write(c.values, row: i, to: w, depth: d)
            }
        case let c as TupleColumn:
            for e in c.elements { try write(e, row: row, to: w, depth: d) }
        case let c as LowCardinalityColumn:
            if c.innerType.isNullable {
                if c.isNull(at: row) {
                    w.writeUInt8(1)
                    return
                }
                w.writeUInt8(0)
            }
            try write(c.dictionary, row: Int(c.indexes[row]), to: w, depth: d)
        case let c as VariantColumn:
            let discriminator = c.discriminators[row]
            w.writeUInt8(discriminator)
            if discriminator != VariantColumn.nullDiscriminator {
                try write(c.variants[Int(discriminator)], row: Int(c.positions[row]), to: w, depth: d)
            }
        case let c as DynamicColumn:
            try writeDynamic(c, row: row, to: w, depth: d)
        case let c as JSONColumn:
            let members = c.members(at: row)
            w.writeVarUInt(UInt64(members.count))
            let typed = Set(c.typedPaths)
            for (path, column, r) in members {
                w.writeString(path)
                if typed.contains(path) {
                    try write(column, row: r, to: w, depth: d)
                } else if let dynamic = column as? DynamicColumn {
                    try writeDynamic(dynamic, row: r, to: w, depth: d)
                } else {
                    // A decoded shared value's one-row column: its binary type, then the value.
                    try BinaryTypeEncoder.encode(column.type, to: w)
                    try write(column, row: r, to: w, depth: d)
                }
            }
        case let c as any RawFixedWidthColumn:
            let size = c.elementSize
            c.withRawBytes { w.write(UnsafeRawBufferPointer(rebasing: $0[(row * size)..<((row + 1) * size)])) }
        default:
            throw ClickHouseError.unsupportedType("cannot write RowBinary values of \(column.type.name)")
        }
    }

    private static func writeDynamic(_ c: DynamicColumn, row: Int, to w: WriteBuffer, depth: Int) throws {
        let discriminator = c.variant.discriminators[row]
        if discriminator == VariantColumn.nullDiscriminator {
            w.writeUInt8(0x00)
            return
        }
        let position = Int(c.variant.positions[row])
        if Int(discriminator) == c.sharedDiscriminator, let raw = c.variant.variants[Int(discriminator)] as? StringColumn {
            // Already binary type + value.
            raw.withBytes(at: position) { w.write($0) }
            return
        }
        guard let type = c.valueType(at: row) else {
            w.writeUInt8(0x00)
            return
        }
        try BinaryTypeEncoder.encode(type, to: w)
        try write(c.variant.variants[Int(discriminator)], row: position, to: w, depth: depth)
    }
}
