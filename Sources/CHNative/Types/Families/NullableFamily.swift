/// `Nullable(T)`: a null map (one byte per row) before the values of `T`.
struct NullableFamily: TypeFamily {
    var names: [String] { ["Nullable"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.exactly(1)
        return .nullable(try a.type(0))
    }
    func name(of type: CHType) -> String { "Nullable(\(inner(type).name))" }
    func wireType(of type: CHType) -> CHType { .nullable(inner(type).wireType) }

    private func inner(_ type: CHType) -> CHType {
        if case .nullable(let t) = type { return t }
        return .nothing
    }

    var binaryIndexes: [UInt8] { [0x23] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .nullable(try r.type()) }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        w.writeUInt8(0x23)
        try BinaryTypeEncoder.encode(inner(type), to: w)
    }

    func codec(for type: CHType) throws -> any ColumnCodec { NullableCodec(type: type, nested: try makeCodec(for: inner(type))) }

    var storesScalars: Bool { false }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        NullableAppender(nested: try ValueAppenders.make(inner(type), context: context))
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        var nulls = [UInt8](repeating: 0, count: values.count)
        var nested = values
        for (i, v) in values.enumerated() where v == .null || v == .zero {
            nulls[i] = 1
            nested[i] = .zero
        }
        return NullableColumn(unchecked: nulls, nested: try builder.build(inner(type), nested))
    }

    func sqlShape(of type: CHType) -> SQLShape { inner(type).sqlShape }
}

/// `LowCardinality(T)`: a dictionary of distinct values and an index per row.
struct LowCardinalityFamily: TypeFamily {
    var names: [String] { ["LowCardinality"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.exactly(1)
        return .lowCardinality(try a.type(0))
    }
    private func inner(_ type: CHType) -> CHType {
        if case .lowCardinality(let t) = type { return t }
        return .nothing
    }
    func name(of type: CHType) -> String { "LowCardinality(\(inner(type).name))" }
    func wireType(of type: CHType) -> CHType { .lowCardinality(inner(type).wireType) }

    var binaryIndexes: [UInt8] { [0x26] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .lowCardinality(try r.type()) }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        w.writeUInt8(0x26)
        try BinaryTypeEncoder.encode(inner(type), to: w)
    }

    func codec(for type: CHType) throws -> any ColumnCodec { try LowCardinalityCodec(type: type, inner: inner(type)) }

    var storesScalars: Bool { false }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        let key = inner(type).unwrapped
        guard let dictionary = try ValueAppenders.make(key, context: context) as? any KeyAppender else {
            throw TextInputUnsupported("\(type.name) is not supported (LowCardinality of \(key.name))")
        }
        return LowCardinalityAppender(dictionary: dictionary, nullable: inner(type).isNullable, context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.lowCardinality(inner(type), values)
    }

    func sqlShape(of type: CHType) -> SQLShape { inner(type).sqlShape }
}
