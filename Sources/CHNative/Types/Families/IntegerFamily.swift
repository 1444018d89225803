/// `UInt8` … `UInt256`, `Int8` … `Int256`: binary integers stored little-endian.
struct IntegerFamily: TypeFamily {
    private static let types: [(String, CHType)] = [
        ("UInt8", .uint8), ("UInt16", .uint16), ("UInt32", .uint32), ("UInt64", .uint64), ("UInt128", .uint128), ("UInt256", .uint256),
        ("Int8", .int8), ("Int16", .int16), ("Int32", .int32), ("Int64", .int64), ("Int128", .int128), ("Int256", .int256),
    ]
    /// Binary type indexes, in the order of ``types``.
    private static let indexes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C]

    var names: [String] { Self.types.map(\.0) }
    var isNumber: Bool { true }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType {
        try arguments.none()
        guard let t = Self.types.first(where: { $0.0 == name })?.1 else { throw arguments.fail("unknown integer type") }
        return t
    }

    func name(of type: CHType) -> String { Self.types.first { $0.1 == type }?.0 ?? "?" }

    func fixedWidth(of type: CHType) -> Int? {
        switch type {
        case .uint8, .int8: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32: return 4
        case .uint64, .int64: return 8
        case .uint128, .int128: return 16
        default: return 32
        }
    }

    var binaryIndexes: [UInt8] { Self.indexes }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        guard let i = Self.indexes.firstIndex(of: index) else { throw ClickHouseError.protocolViolation("binary type 0x\(String(index, radix: 16)) is not an integer") }
        return Self.types[i].1
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        guard let i = Self.types.firstIndex(where: { $0.1 == type }) else { throw ClickHouseError.unsupportedType("cannot write the binary type of \(type.name)") }
        w.writeUInt8(Self.indexes[i])
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        switch type {
        case .uint8: return FixedWidthCodec<UInt8>(type: type)
        case .int8: return FixedWidthCodec<Int8>(type: type)
        case .uint16: return FixedWidthCodec<UInt16>(type: type)
        case .int16: return FixedWidthCodec<Int16>(type: type)
        case .uint32: return FixedWidthCodec<UInt32>(type: type)
        case .int32: return FixedWidthCodec<Int32>(type: type)
        case .uint64: return FixedWidthCodec<UInt64>(type: type)
        case .int64: return FixedWidthCodec<Int64>(type: type)
        case .uint128: return FixedWidthCodec<UInt128>(type: type)
        case .int128: return FixedWidthCodec<Int128>(type: type)
        default: return FixedWidthCodec<Wide256>(type: type)
        }
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        switch type {
        case .uint8: return .uint(UInt64(load(b, row, UInt8.self)))
        case .uint16: return .uint(UInt64(load(b, row, UInt16.self)))
        case .uint32: return .uint(UInt64(load(b, row, UInt32.self)))
        case .uint64: return .uint(load(b, row, UInt64.self))
        case .int8: return .int(Int64(load(b, row, Int8.self)))
        case .int16: return .int(Int64(load(b, row, Int16.self)))
        case .int32: return .int(Int64(load(b, row, Int32.self)))
        case .int64: return .int(load(b, row, Int64.self))
        case .int128: return .int128(load(b, row, Int128.self))
        case .uint128: return .uint128(load(b, row, UInt128.self))
        default:
            var out = TextOutput()
            writeText(type, b, row: row, defaultTimezone: nil, to: &out, style: .tabSeparated)
            return .bigInteger(String(decoding: out.bytes, as: UTF8.self))
        }
    }

    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        switch type {
        case .uint8: NumberFormatting.append(UInt64(load(b, row, UInt8.self)), to: &out)
        case .uint16: NumberFormatting.append(UInt64(load(b, row, UInt16.self)), to: &out)
        case .uint32: NumberFormatting.append(UInt64(load(b, row, UInt32.self)), to: &out)
        case .uint64: NumberFormatting.append(load(b, row, UInt64.self), to: &out)
        case .int8: NumberFormatting.append(Int64(load(b, row, Int8.self)), to: &out)
        case .int16: NumberFormatting.append(Int64(load(b, row, Int16.self)), to: &out)
        case .int32: NumberFormatting.append(Int64(load(b, row, Int32.self)), to: &out)
        case .int64: NumberFormatting.append(load(b, row, Int64.self), to: &out)
        default:
            let width = fixedWidth(of: type) ?? 16
            let signed = type == .int128 || type == .int256
            let (neg, digits) = WideIntegerText.digits(UnsafeRawBufferPointer(rebasing: b[(row * width)..<(row * width + width)]), signed: signed)
            if neg { out.append(0x2D) }
            out.append(contentsOf: digits)
        }
    }

    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        switch c.type {
        case .uint8: return text.plain(c) { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt8.self)), to: &out) }
        case .uint16: return text.plain(c) { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt16.self)), to: &out) }
        case .uint32: return text.plain(c) { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt32.self)), to: &out) }
        case .int8: return text.plain(c) { b, r, out in NumberFormatting.append(Int64(load(b, r, Int8.self)), to: &out) }
        case .int16: return text.plain(c) { b, r, out in NumberFormatting.append(Int64(load(b, r, Int16.self)), to: &out) }
        case .int32: return text.plain(c) { b, r, out in NumberFormatting.append(Int64(load(b, r, Int32.self)), to: &out) }
        default:
            // 64 bits and wider: quoted in JSON with output_format_json_quote_64bit_integers.
            let type = c.type
            let body: (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void = { b, r, out in
                writeText(type, b, row: r, defaultTimezone: nil, to: &out, style: .tabSeparated)
            }
            return text.mode == .json && text.settings.jsonQuote64BitIntegers ? text.quotedBy(0x22, c, body) : text.plain(c, body)
        }
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        switch column.type {
        case .uint8: return (column as? FixedWidthColumn<UInt8>).map { UnsignedCells($0.values) }
        case .uint16: return (column as? FixedWidthColumn<UInt16>).map { UnsignedCells($0.values) }
        case .uint32: return (column as? FixedWidthColumn<UInt32>).map { UnsignedCells($0.values) }
        case .uint64: return (column as? FixedWidthColumn<UInt64>).map { UnsignedCells($0.values) }
        case .int8: return (column as? FixedWidthColumn<Int8>).map { SignedCells($0.values) }
        case .int16: return (column as? FixedWidthColumn<Int16>).map { SignedCells($0.values) }
        case .int32: return (column as? FixedWidthColumn<Int32>).map { SignedCells($0.values) }
        case .int64: return (column as? FixedWidthColumn<Int64>).map { SignedCells($0.values) }
        default: return nil
        }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        let s = context.settings
        switch type {
        case .int8: return Int8Appender(IntegerParser<Int8>(type: type, settings: s), context: context)
        case .int16: return Int16Appender(IntegerParser<Int16>(type: type, settings: s), context: context)
        case .int32: return Int32Appender(IntegerParser<Int32>(type: type, settings: s), context: context)
        case .int64: return Int64Appender(IntegerParser<Int64>(type: type, settings: s), context: context)
        case .int128: return Int128Appender(IntegerParser<Int128>(type: type, settings: s), context: context)
        case .uint8: return UInt8Appender(IntegerParser<UInt8>(type: type, settings: s), context: context)
        case .uint16: return UInt16Appender(IntegerParser<UInt16>(type: type, settings: s), context: context)
        case .uint32: return UInt32Appender(IntegerParser<UInt32>(type: type, settings: s), context: context)
        case .uint64: return UInt64Appender(IntegerParser<UInt64>(type: type, settings: s), context: context)
        case .uint128: return UInt128Appender(IntegerParser<UInt128>(type: type, settings: s), context: context)
        default: return WideIntegerAppender(WideIntegerParser(type: type, settings: s), context: context)
        }
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        switch type {
        case .int8: return try builder.fixed(type, values) { try builder.integer($0, $1, Int8.self) }
        case .int16: return try builder.fixed(type, values) { try builder.integer($0, $1, Int16.self) }
        case .int32: return try builder.fixed(type, values) { try builder.integer($0, $1, Int32.self) }
        case .int64: return try builder.fixed(type, values) { try builder.integer($0, $1, Int64.self) }
        case .uint8: return try builder.fixed(type, values) { try builder.integer($0, $1, UInt8.self) }
        case .uint16: return try builder.fixed(type, values) { try builder.integer($0, $1, UInt16.self) }
        case .uint32: return try builder.fixed(type, values) { try builder.integer($0, $1, UInt32.self) }
        case .uint64: return try builder.fixed(type, values) { try builder.integer($0, $1, UInt64.self) }
        case .int128: return try builder.fixed(type, values) { try builder.integer($0, $1, Int128.self) }
        case .uint128: return try builder.fixed(type, values) { try builder.integer($0, $1, UInt128.self) }
        default: return try builder.fixed(type, values) { i, v in try builder.wide(i, v, type, scale: 0, signed: type == .int256) }
        }
    }

    func sqlShape(of type: CHType) -> SQLShape {
        switch type {
        case .int128: return .hugeInteger(digits: 39, signed: true)
        case .uint128: return .hugeInteger(digits: 39, signed: false)
        case .int256: return .hugeInteger(digits: 77, signed: true)
        case .uint256: return .hugeInteger(digits: 78, signed: false)
        default:
            let signed: Bool
            switch type {
            case .int8, .int16, .int32, .int64: signed = true
            default: signed = false
            }
            return .integer(bits: (fixedWidth(of: type) ?? 8) * 8, signed: signed)
        }
    }
}

/// Row `row` of fixed-width storage as a `T`.
@inline(__always)
func load<T: BitwiseCopyable>(_ b: UnsafeRawBufferPointer, _ row: Int, _: T.Type) -> T {
    b.loadUnaligned(fromByteOffset: row * MemoryLayout<T>.size, as: T.self)
}
