/// `Decimal(P, S)` and its aliases `Decimal32(S)` … `Decimal256(S)`: integers scaled by 10^-S,
/// stored in 32, 64, 128 or 256 bits by P.
struct DecimalFamily: TypeFamily {
    private static let maxPrecision = ["Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76, "Decimal": 76]

    var names: [String] { ["Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256"] }
    var isNumber: Bool { true }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        if name == "Decimal" {
            guard a.count == 1 || a.count == 2 else { throw a.fail("Decimal takes precision and scale") }
            let p = try a.int(0)
            let s = a.count == 2 ? try a.int(1) : 0
            guard (1...76).contains(p), (0...p).contains(s) else { throw a.fail("Decimal(\(p), \(s)) out of range") }
            return .decimal(precision: p, scale: s)
        }
        let maxP = Self.maxPrecision[name] ?? 76
        try a.exactly(1)
        let s = try a.int(0)
        guard (0...maxP).contains(s) else { throw a.fail("\(name) scale \(s) out of range") }
        return .decimal(precision: maxP, scale: s)
    }

    func name(of type: CHType) -> String {
        guard case .decimal(let p, let s) = type else { return "?" }
        return "Decimal(\(p), \(s))"
    }

    func fixedWidth(of type: CHType) -> Int? {
        guard case .decimal(let p, _) = type else { return nil }
        return p <= 9 ? 4 : p <= 18 ? 8 : p <= 38 ? 16 : 32
    }

    var binaryIndexes: [UInt8] { [0x19, 0x1A, 0x1B, 0x1C] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let p = Int(try r.buffer.readUInt8())
        let s = Int(try r.buffer.readUInt8())
        guard p >= 1, p <= 76, s <= p else {
            throw ClickHouseError.protocolViolation("binary type encoding: Decimal(\(p), \(s)) is not a valid decimal")
        }
        return .decimal(precision: p, scale: s)
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        guard case .decimal(let p, let s) = type else { return }
        w.writeUInt8(p <= 9 ? 0x19 : p <= 18 ? 0x1A : p <= 38 ? 0x1B : 0x1C)
        w.writeUInt8(UInt8(clamping: p))
        w.writeUInt8(UInt8(clamping: s))
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        switch fixedWidth(of: type) {
        case 4: return FixedWidthCodec<Int32>(type: type)
        case 8: return FixedWidthCodec<Int64>(type: type)
        case 16: return FixedWidthCodec<Int128>(type: type)
        default: return FixedWidthCodec<Wide256>(type: type)
        }
    }

    /// The sign and decimal digits of the unscaled integer in row `row`.
    private func digits(_ type: CHType, _ b: UnsafeRawBufferPointer, _ row: Int) -> (Bool, [UInt8]) {
        let width = fixedWidth(of: type) ?? 8
        switch width {
        case 4:
            let v = Int64(load(b, row, Int32.self))
            return (v < 0, Array(String(v.magnitude).utf8))
        case 8:
            let v = load(b, row, Int64.self)
            return (v < 0, Array(String(v.magnitude).utf8))
        default:
            return WideIntegerText.digits(UnsafeRawBufferPointer(rebasing: b[(row * width)..<(row * width + width)]), signed: true)
        }
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        var out = TextOutput()
        writeText(type, b, row: row, defaultTimezone: nil, to: &out, style: .tabSeparated)
        return .decimal(String(decoding: out.bytes, as: UTF8.self))
    }

    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        guard case .decimal(_, let scale) = type else { return }
        let (neg, digits) = digits(type, b, row)
        WideIntegerText.appendDecimal(negative: neg, digits: digits, scale: scale, to: &out)
    }

    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let type = c.type
        guard case .decimal(_, let scale) = type else { return nil }
        let trailingZeros = text.settings.decimalTrailingZeros
        let body: (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void = { b, r, out in
            let (neg, digits) = digits(type, b, r)
            if trailingZeros {
                ScaledDecimalText.appendKeepingZeros(negative: neg, digits: digits, scale: scale, to: &out)
            } else {
                WideIntegerText.appendDecimal(negative: neg, digits: digits, scale: scale, to: &out)
            }
        }
        return text.mode == .json && text.settings.jsonQuoteDecimals ? text.quotedBy(0x22, c, body) : text.plain(c, body)
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        guard case .decimal(_, let scale) = column.type, (0...18).contains(scale) else { return nil }
        let keep = context.settings.decimalTrailingZeros
        if let c = column as? FixedWidthColumn<Int32>, scale <= 9 { return DecimalCells(c.values, scale: scale, keepZeros: keep) }
        if let c = column as? FixedWidthColumn<Int64> { return DecimalCells(c.values, scale: scale, keepZeros: keep) }
        return nil
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        guard case .decimal(let p, let scale) = type, p >= 1 && p <= 76 && scale >= 0 && scale <= p else {
            throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client")
        }
        switch fixedWidth(of: type) {
        case 4: return Decimal32Appender(DecimalParser<Int32>(type: type, precision: p, scale: scale), context: context)
        case 8: return Decimal64Appender(DecimalParser<Int64>(type: type, precision: p, scale: scale), context: context)
        case 16: return Decimal128Appender(DecimalParser<Int128>(type: type, precision: p, scale: scale), context: context)
        default: return Decimal256Appender(Decimal256Parser(type: type, precision: p, scale: scale), context: context)
        }
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        guard case .decimal(let p, let s) = type else { throw builder.unsupported(type) }
        switch fixedWidth(of: type) {
        case 4:
            return try builder.fixed(type, values) { i, v -> Int32 in
                Int32(truncatingIfNeeded: Int64(bitPattern: try builder.wide(i, v, type, scale: s, precision: p, words: 1, signed: true).words.0))
            }
        case 8:
            return try builder.fixed(type, values) { i, v -> Int64 in
                Int64(bitPattern: try builder.wide(i, v, type, scale: s, precision: p, words: 1, signed: true).words.0)
            }
        case 16:
            return try builder.fixed(type, values) { i, v -> Int128 in
                let w = try builder.wide(i, v, type, scale: s, precision: p, words: 2, signed: true).words
                return Int128(bitPattern: UInt128(w.0) | UInt128(w.1) << 64)
            }
        default: return try builder.fixed(type, values) { try builder.wide($0, $1, type, scale: s, precision: p, signed: true) }
        }
    }

    func sqlShape(of type: CHType) -> SQLShape {
        guard case .decimal(let p, let s) = type else { return .textForm }
        return .decimal(precision: p, scale: s)
    }
}
