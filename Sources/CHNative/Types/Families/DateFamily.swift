/// `Date` (UInt16 days since 1970-01-01) and `Date32` (Int32 days).
struct DateFamily: TypeFamily {
    var names: [String] { ["Date", "Date32"] }
    var alignsRight: Bool { true }
    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType {
        try arguments.none()
        return name == "Date" ? .date : .date32
    }
    func name(of type: CHType) -> String { type == .date ? "Date" : "Date32" }
    func fixedWidth(of type: CHType) -> Int? { type == .date ? 2 : 4 }

    var binaryIndexes: [UInt8] { [0x0F, 0x10] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { index == 0x0F ? .date : .date32 }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(type == .date ? 0x0F : 0x10) }

    func codec(for type: CHType) throws -> any ColumnCodec {
        type == .date ? FixedWidthCodec<UInt16>(type: type) : FixedWidthCodec<Int32>(type: type)
    }

    private func days(_ type: CHType, _ b: UnsafeRawBufferPointer, _ row: Int) -> Int64 {
        type == .date ? Int64(load(b, row, UInt16.self)) : Int64(load(b, row, Int32.self))
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        .date(Int32(days(type, b, row)))
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let quote = style.quote
        if quote != 0 { out.append(quote) }
        CivilTime.appendDate(days: days(type, b, row), to: &out)
        if quote != 0 { out.append(quote) }
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        if c.type == .date { return text.quoted(c) { b, r, out in CivilTime.appendDate(days: Int64(load(b, r, UInt16.self)), to: &out) } }
        return text.quoted(c) { b, r, out in CivilTime.appendDate(days: Int64(load(b, r, Int32.self)), to: &out) }
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        if column.type == .date { return (column as? FixedWidthColumn<UInt16>).map { DayCells($0.values, quote: context.quote) } }
        return (column as? FixedWidthColumn<Int32>).map { DayCells($0.values, quote: context.quote) }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        type == .date ? DateAppender(DateParser(), context: context) : Date32Appender(Date32Parser(), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        if type == .date {
            return try builder.fixed(type, values) { i, v -> UInt16 in
                guard let d = UInt16(exactly: try builder.days(i, v, type)) else { throw builder.fail(i, v, type, "outside 1970-01-01...2149-06-06") }
                return d
            }
        }
        return try builder.fixed(type, values) { i, v -> Int32 in
            guard let d = Int32(exactly: try builder.days(i, v, type)) else { throw builder.fail(i, v, type, "out of range") }
            return d
        }
    }

    func sqlShape(of type: CHType) -> SQLShape { .date }
}

extension TextStyle {
    /// The quote around dates, UUIDs and addresses in this style (0: none).
    var quote: UInt8 {
        switch self {
        case .tabSeparated: return 0
        case .json: return 0x22
        case .quoted: return 0x27
        }
    }
}
