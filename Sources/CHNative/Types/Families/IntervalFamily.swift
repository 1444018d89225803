/// `IntervalSecond`, `IntervalDay`, …: a signed Int64 count of a unit.
struct IntervalFamily: TypeFamily {
    var names: [String] { IntervalUnit.allCases.map { "Interval" + $0.rawValue } }
    var alignsRight: Bool { true }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        guard let unit = IntervalUnit(rawValue: String(name.dropFirst(8))) else { throw a.fail("unknown interval unit") }
        return .interval(unit)
    }
    func name(of type: CHType) -> String {
        guard case .interval(let unit) = type else { return "?" }
        return "Interval" + unit.rawValue
    }
    func fixedWidth(of type: CHType) -> Int? { 8 }

    /// Units in the order of their binary type codes.
    private static let binaryUnits: [IntervalUnit] = [.nanosecond, .microsecond, .millisecond, .second, .minute, .hour,
                                                      .day, .week, .month, .quarter, .year]
    var binaryIndexes: [UInt8] { [0x22] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let kind = Int(try r.buffer.readUInt8())
        guard kind < Self.binaryUnits.count else { throw ClickHouseError.protocolViolation("binary type encoding: unknown interval kind \(kind)") }
        return .interval(Self.binaryUnits[kind])
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        guard case .interval(let unit) = type else { return }
        w.writeUInt8(0x22)
        w.writeUInt8(UInt8(Self.binaryUnits.firstIndex(of: unit) ?? 0))
    }

    func codec(for type: CHType) throws -> any ColumnCodec { FixedWidthCodec<Int64>(type: type) }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        guard case .interval(let unit) = type else { return .null }
        return .interval(load(b, row, Int64.self), unit: unit)
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        NumberFormatting.append(load(b, row, Int64.self), to: &out)
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let body: (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void = { b, r, out in NumberFormatting.append(load(b, r, Int64.self), to: &out) }
        return text.mode == .json && text.settings.jsonQuote64BitIntegers ? text.quotedBy(0x22, c, body) : text.plain(c, body)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        guard case .interval(let unit) = type else { throw builder.unsupported(type) }
        return try builder.fixed(type, values) { try builder.intervalCount($0, $1, type, unit: unit) }
    }
}
