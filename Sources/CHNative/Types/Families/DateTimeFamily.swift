/// `DateTime` (UInt32 seconds) and `DateTime64(P)` (Int64 ticks of 10^-P s), each with an
/// optional timezone; text in `date_time_output_format`.
struct DateTimeFamily: TypeFamily {
    var names: [String] { ["DateTime", "DateTime32", "DateTime64"] }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        if name != "DateTime64" {
            if a.isEmpty { return .dateTime(timezone: nil) }
            try a.exactly(1)
            return .dateTime(timezone: try a.string(0))
        }
        guard a.count == 1 || a.count == 2 else { throw a.fail("DateTime64 takes a precision and an optional timezone") }
        let p = try a.precision(0)
        return .dateTime64(precision: p, timezone: a.count == 2 ? try a.string(1) : nil)
    }

    func name(of type: CHType) -> String {
        switch type {
        case .dateTime(let tz): return tz.map { "DateTime(\(CHType.quote($0)))" } ?? "DateTime"
        case .dateTime64(let p, let tz): return tz.map { "DateTime64(\(p), \(CHType.quote($0)))" } ?? "DateTime64(\(p))"
        default: return "?"
        }
    }
    func fixedWidth(of type: CHType) -> Int? {
        if case .dateTime = type { return 4 }
        return 8
    }

    var binaryIndexes: [UInt8] { [0x11, 0x12, 0x13, 0x14] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        switch index {
        case 0x11: return .dateTime(timezone: nil)
        case 0x12: return .dateTime(timezone: try r.buffer.readString())
        case 0x13: return .dateTime64(precision: try r.precision(), timezone: nil)
        default:
            let p = try r.precision()
            return .dateTime64(precision: p, timezone: try r.buffer.readString())
        }
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        switch type {
        case .dateTime(let tz):
            if let tz {
                w.writeUInt8(0x12)
                w.writeString(tz)
            } else {
                w.writeUInt8(0x11)
            }
        case .dateTime64(let p, let tz):
            w.writeUInt8(tz == nil ? 0x13 : 0x14)
            w.writeUInt8(UInt8(clamping: p))
            if let tz { w.writeString(tz) }
        default: break
        }
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        if case .dateTime = type { return FixedWidthCodec<UInt32>(type: type) }
        return FixedWidthCodec<Int64>(type: type)
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        switch type {
        case .dateTime(let tz): return .dateTime(Int64(load(b, row, UInt32.self)), timezone: tz ?? defaultTimezone)
        case .dateTime64(let p, let tz): return .dateTime64(load(b, row, Int64.self), precision: p, timezone: tz ?? defaultTimezone)
        default: return .null
        }
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let quote = style.quote
        if quote != 0 { out.append(quote) }
        switch type {
        case .dateTime(let tz): CivilTime.appendDateTime(seconds: Int64(load(b, row, UInt32.self)), timezone: tz ?? defaultTimezone, to: &out)
        case .dateTime64(let p, let tz): CivilTime.appendDateTime64(ticks: load(b, row, Int64.self), precision: p, timezone: tz ?? defaultTimezone, to: &out)
        default: break
        }
        if quote != 0 { out.append(quote) }
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let output = text.settings.dateTimeOutput
        switch c.type {
        case .dateTime(let tz):
            let zone = tz ?? text.defaultTimezone
            return text.quoted(c) { b, r, out in DateTimeText.append(ticks: Int64(load(b, r, UInt32.self)), precision: 0, timezone: zone, output: output, to: &out) }
        case .dateTime64(let p, let tz):
            let zone = tz ?? text.defaultTimezone
            return text.quoted(c) { b, r, out in DateTimeText.append(ticks: load(b, r, Int64.self), precision: p, timezone: zone, output: output, to: &out) }
        default: return nil
        }
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        guard context.settings.dateTimeOutput == .simple else { return nil }
        switch column.type {
        case .dateTime(let tz):
            guard let c = column as? FixedWidthColumn<UInt32> else { return nil }
            return DateTimeCells(c.values, zone: tz ?? c.defaultTimezone, quote: context.quote)
        case .dateTime64(let precision, let tz):
            guard (0...9).contains(precision), let c = column as? FixedWidthColumn<Int64> else { return nil }
            return DateTime64Cells(c.values, precision: precision, zone: tz ?? c.defaultTimezone, quote: context.quote)
        default: return nil
        }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        let bestEffort = context.settings.dateTimeBestEffort
        switch type {
        case .dateTime(let tz):
            return DateTimeAppender(DateTimeParser(type: type, timezone: try ValueAppenders.zone(tz, context), bestEffort: bestEffort), context: context)
        case .dateTime64(let p, let tz) where (0...9).contains(p):
            return DateTime64Appender(DateTime64Parser(type: type, precision: p, timezone: try ValueAppenders.zone(tz, context), bestEffort: bestEffort),
                                      context: context)
        default: throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client")
        }
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        if case .dateTime64(let precision, _) = type {
            return try builder.fixed(type, values) { try builder.ticks($0, $1, type, precision: precision) }
        }
        return try builder.fixed(type, values) { i, v -> UInt32 in
            guard let s = UInt32(exactly: try builder.ticks(i, v, type, precision: 0)) else { throw builder.fail(i, v, type, "outside 1970...2106") }
            return s
        }
    }

    func sqlShape(of type: CHType) -> SQLShape {
        if case .dateTime64(let p, _) = type { return .timestamp(fractionDigits: p) }
        return .timestamp(fractionDigits: 0)
    }
}
