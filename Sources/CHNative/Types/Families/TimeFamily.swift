/// `Time` (Int32 signed seconds, -999:59:59 to 999:59:59) and `Time64(P)` (Int64 ticks of
/// 10^-P s).
struct TimeFamily: TypeFamily {
    var names: [String] { ["Time", "Time64"] }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        if name == "Time" {
            try a.none()
            return .time
        }
        try a.exactly(1)
        return .time64(precision: try a.precision(0))
    }
    func name(of type: CHType) -> String {
        if case .time64(let p) = type { return "Time64(\(p))" }
        return "Time"
    }
    func fixedWidth(of type: CHType) -> Int? { type == .time ? 4 : 8 }

    var binaryIndexes: [UInt8] { [0x32, 0x34] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        index == 0x32 ? .time : .time64(precision: try r.precision())
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        if case .time64(let p) = type {
            w.writeUInt8(0x34)
            w.writeUInt8(UInt8(clamping: p))
        } else {
            w.writeUInt8(0x32)
        }
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        type == .time ? FixedWidthCodec<Int32>(type: type) : FixedWidthCodec<Int64>(type: type)
    }

    private func ticks(_ type: CHType, _ b: UnsafeRawBufferPointer, _ row: Int) -> (Int64, Int) {
        if case .time64(let p) = type { return (load(b, row, Int64.self), p) }
        return (Int64(load(b, row, Int32.self)), 0)
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        let (t, p) = ticks(type, b, row)
        return .time(t, precision: p)
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let quote = style.quote
        if quote != 0 { out.append(quote) }
        let (t, p) = ticks(type, b, row)
        TimeText.appendTime(ticks: t, precision: p, to: &out)
        if quote != 0 { out.append(quote) }
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let type = c.type
        return text.quoted(c) { b, r, out in writeText(type, b, row: r, defaultTimezone: nil, to: &out, style: .tabSeparated) }
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        if case .time64(let p) = type { return try builder.fixed(type, values) { try builder.timeTicks($0, $1, type, precision: p) } }
        return try builder.fixed(type, values) { i, v -> Int32 in
            guard let t = Int32(exactly: try builder.timeTicks(i, v, type, precision: 0)) else { throw builder.fail(i, v, type, "out of range") }
            return t
        }
    }
}
