/// `String`: bytes of any length (text in the formats is written by ``ValueText`` from the
/// ``StringColumn``).
struct StringFamily: TypeFamily {
    var names: [String] { ["String"] }
    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType {
        try arguments.none()
        return .string
    }
    func name(of type: CHType) -> String { "String" }

    var binaryIndexes: [UInt8] { [0x15] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .string }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(0x15) }

    func codec(for type: CHType) throws -> any ColumnCodec { StringCodec() }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        StringAppender(context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        var column = StringColumn()
        for (i, v) in values.enumerated() {
            let bytes = try builder.stringBytes(i, v, type)
            bytes.withUnsafeBytes { column.append(bytes: $0) }
        }
        return column
    }

    func sqlShape(of type: CHType) -> SQLShape { .unboundedText }
}

/// `FixedString(N)`: exactly N bytes, zero-padded.
struct FixedStringFamily: TypeFamily {
    var names: [String] { ["FixedString"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.exactly(1)
        let n = try a.int(0)
        guard n > 0, n <= 1 << 24 else { throw a.fail("FixedString length \(n) out of range") }
        return .fixedString(n)
    }
    func name(of type: CHType) -> String {
        guard case .fixedString(let n) = type else { return "?" }
        return "FixedString(\(n))"
    }
    func fixedWidth(of type: CHType) -> Int? {
        guard case .fixedString(let n) = type else { return nil }
        return n
    }

    var binaryIndexes: [UInt8] { [0x16] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        .fixedString(try r.buffer.readLength(limit: 1 << 30, what: "FixedString size"))
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        w.writeUInt8(0x16)
        w.writeVarUInt(UInt64(fixedWidth(of: type) ?? 0))
    }

    func codec(for type: CHType) throws -> any ColumnCodec { FixedStringCodec(width: fixedWidth(of: type) ?? 0) }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        guard let n = fixedWidth(of: type), n > 0 else { throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client") }
        return FixedStringAppender(width: n, context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        let width = fixedWidth(of: type) ?? 0
        var data: [UInt8] = []
        data.reserveCapacity(width * values.count)
        for (i, v) in values.enumerated() {
            let bytes = try builder.stringBytes(i, v, type)
            guard bytes.count <= width else { throw builder.fail(i, v, type, "\(bytes.count) bytes do not fit") }
            data.append(contentsOf: bytes)
            data.append(contentsOf: repeatElement(0, count: width - bytes.count))
        }
        return FixedStringColumn(width: width, data: data)
    }

    func sqlShape(of type: CHType) -> SQLShape { .fixedText(fixedWidth(of: type) ?? 1) }
}
