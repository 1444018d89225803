/// `Enum8` and `Enum16`: named Int8/Int16 values, written by name.
struct EnumFamily: TypeFamily {
    var names: [String] { ["Enum8", "Enum16"] }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        var cases: [CHType.EnumCase] = []
        for arg in a.all {
            guard case .enumCase(let n, let v) = arg, let value = Int(v) else { throw a.fail("expected 'name' = value in \(name)") }
            cases.append(.init(name: n, value: value))
        }
        let range = name == "Enum8" ? -128...127 : -32768...32767
        guard cases.allSatisfy({ range.contains($0.value) }) else { throw a.fail("\(name) value out of range") }
        return name == "Enum8" ? .enum8(cases) : .enum16(cases)
    }

    private func cases(_ type: CHType) -> [CHType.EnumCase] {
        switch type {
        case .enum8(let c), .enum16(let c): return c
        default: return []
        }
    }

    func name(of type: CHType) -> String {
        let list = cases(type).map { "\(CHType.quote($0.name)) = \($0.value)" }.joined(separator: ", ")
        return (fixedWidth(of: type) == 1 ? "Enum8(" : "Enum16(") + list + ")"
    }
    func fixedWidth(of type: CHType) -> Int? {
        if case .enum8 = type { return 1 }
        return 2
    }

    var binaryIndexes: [UInt8] { [0x17, 0x18] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let n = try r.count("enum cases")
        var cases: [CHType.EnumCase] = []
        for _ in 0..<n {
            let name = try r.buffer.readString()
            let value = index == 0x17 ? Int(try r.buffer.readLE(Int8.self)) : Int(try r.buffer.readLE(Int16.self))
            cases.append(.init(name: name, value: value))
        }
        return index == 0x17 ? .enum8(cases) : .enum16(cases)
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let narrow = fixedWidth(of: type) == 1
        let list = cases(type)
        w.writeUInt8(narrow ? 0x17 : 0x18)
        w.writeVarUInt(UInt64(list.count))
        for c in list {
            w.writeString(c.name)
            if narrow { w.writeLE(Int8(truncatingIfNeeded: c.value)) } else { w.writeLE(Int16(truncatingIfNeeded: c.value)) }
        }
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        fixedWidth(of: type) == 1 ? FixedWidthCodec<Int8>(type: type) : FixedWidthCodec<Int16>(type: type)
    }

    private func number(_ type: CHType, _ b: UnsafeRawBufferPointer, _ row: Int) -> Int {
        fixedWidth(of: type) == 1 ? Int(load(b, row, Int8.self)) : Int(load(b, row, Int16.self))
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        let v = number(type, b, row)
        return .enumValue(name: cases(type).first { $0.value == v }?.name ?? String(v), value: v)
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let v = number(type, b, row)
        TextEscaping.appendQuotedIfNeeded(cases(type).first { $0.value == v }?.name ?? String(v), style: style, to: &out)
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let names = Dictionary(cases(c.type).map { ($0.value, Array($0.name.utf8)) }, uniquingKeysWith: { a, _ in a })
        let s = ValueText(settings: text.settings).stringWriter(text.mode)
        let narrow = fixedWidth(of: c.type) == 1
        return text.plain(c) { b, r, out in
            let v = narrow ? Int(load(b, r, Int8.self)) : Int(load(b, r, Int16.self))
            let name = names[v] ?? Array(String(v).utf8)
            name.withUnsafeBytes { s($0, &out) }
        }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        if fixedWidth(of: type) == 1 { return Enum8Appender(EnumParser<Int8>(type: type, cases: cases(type)), context: context) }
        return Enum16Appender(EnumParser<Int16>(type: type, cases: cases(type)), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        let list = cases(type)
        if fixedWidth(of: type) == 1 { return try builder.fixed(type, values) { try builder.enumValue($0, $1, type, list, Int8.self) } }
        return try builder.fixed(type, values) { try builder.enumValue($0, $1, type, list, Int16.self) }
    }

    func sqlShape(of type: CHType) -> SQLShape { .shortText(max(1, cases(type).map { $0.name.utf8.count }.max() ?? 1)) }
}
