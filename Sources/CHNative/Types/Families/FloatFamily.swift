/// `Float32`, `Float64` and `BFloat16` (the upper half of a Float32's bits).
struct FloatFamily: TypeFamily {
    var names: [String] { ["Float32", "Float64", "BFloat16"] }
    var isNumber: Bool { true }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType {
        try arguments.none()
        return name == "Float32" ? .float32 : name == "Float64" ? .float64 : .bfloat16
    }

    func name(of type: CHType) -> String { type == .float32 ? "Float32" : type == .float64 ? "Float64" : "BFloat16" }
    func fixedWidth(of type: CHType) -> Int? { type == .float32 ? 4 : type == .float64 ? 8 : 2 }

    var binaryIndexes: [UInt8] { [0x0D, 0x0E, 0x31] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { index == 0x0D ? .float32 : index == 0x0E ? .float64 : .bfloat16 }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(type == .float32 ? 0x0D : type == .float64 ? 0x0E : 0x31) }

    func codec(for type: CHType) throws -> any ColumnCodec {
        switch type {
        case .float32: return FixedWidthCodec<Float>(type: type)
        case .float64: return FixedWidthCodec<Double>(type: type)
        default: return FixedWidthCodec<UInt16>(type: type)
        }
    }

    private static func bfloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        switch type {
        case .float32: return .float(Double(load(b, row, Float.self)))
        case .float64: return .float(load(b, row, Double.self))
        default: return .float(Double(Self.bfloat(load(b, row, UInt16.self))))
        }
    }

    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        switch type {
        case .float32:
            let v = load(b, row, Float.self)
            if style == .json && !v.isFinite { out.append("null") } else { NumberFormatting.append(v, to: &out) }
        case .float64:
            let v = load(b, row, Double.self)
            if style == .json && !v.isFinite { out.append("null") } else { NumberFormatting.append(v, to: &out) }
        default:
            NumberFormatting.append(Self.bfloat(load(b, row, UInt16.self)), to: &out)
        }
    }

    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let type = c.type
        if type == .float64 {
            let quoteFloats = text.mode == .json && text.settings.jsonQuote64BitFloats
            let quoteDenormals = text.settings.jsonQuoteDenormals
            return text.plain(c) { b, r, out in
                let v = load(b, r, Double.self)
                if quoteFloats {
                    // Quoted whatever the value: non-finite ones as "null" unless quote_denormals.
                    out.append(0x22)
                    if v.isFinite || quoteDenormals { NumberFormatting.append(v, to: &out) } else { out.append("null") }
                    out.append(0x22)
                } else {
                    text.writeFloat(v, finite: v.isFinite, to: &out) { NumberFormatting.append(v, to: &$0) }
                }
            }
        }
        return text.plain(c) { b, r, out in
            let v = type == .float32 ? load(b, r, Float.self) : Self.bfloat(load(b, r, UInt16.self))
            text.writeFloat(Double(v), finite: v.isFinite, to: &out) { NumberFormatting.append(v, to: &$0) }
        }
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        switch column.type {
        case .float32: return (column as? FixedWidthColumn<Float>).map { Float32Cells($0.values) }
        case .float64: return (column as? FixedWidthColumn<Double>).map { Float64Cells($0.values) }
        default: return nil
        }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        switch type {
        case .float32: return Float32Appender(FloatParser<Float>(type: type, settings: context.settings), context: context)
        case .float64: return Float64Appender(FloatParser<Double>(type: type, settings: context.settings), context: context)
        default: throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client")
        }
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        switch type {
        case .float32: return try builder.fixed(type, values) { i, v in Float(try builder.double(i, v, type)) }
        case .float64: return try builder.fixed(type, values) { try builder.double($0, $1, type) }
        default:
            // The upper half of the Float32 bits, truncated as the server converts.
            return try builder.fixed(type, values) { i, v in UInt16(truncatingIfNeeded: Float(try builder.double(i, v, type)).bitPattern >> 16) }
        }
    }

    func sqlShape(of type: CHType) -> SQLShape { type == .float64 ? .double : .real }
}
