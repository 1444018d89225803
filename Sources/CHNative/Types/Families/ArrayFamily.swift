/// `Array(T)`: end offsets per row, then every element as one column of `T`.
struct ArrayFamily: TypeFamily {
    var names: [String] { ["Array"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.exactly(1)
        return .array(try a.type(0))
    }
    private func inner(_ type: CHType) -> CHType {
        if case .array(let t) = type { return t }
        return .nothing
    }
    func name(of type: CHType) -> String { "Array(\(inner(type).name))" }
    func wireType(of type: CHType) -> CHType { .array(inner(type).wireType) }

    var binaryIndexes: [UInt8] { [0x1E] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .array(try r.type()) }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        w.writeUInt8(0x1E)
        try BinaryTypeEncoder.encode(inner(type), to: w)
    }

    func codec(for type: CHType) throws -> any ColumnCodec { ArrayCodec(type: type, nested: try makeCodec(for: inner(type))) }

    var storesScalars: Bool { false }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        ArrayAppender(elements: try ValueAppenders.make(inner(type), context: context), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        var offsets: [UInt64] = []
        offsets.reserveCapacity(values.count)
        var flat: [EncodedValue] = []
        var flatOrigins: [Int] = []
        for (i, v) in values.enumerated() {
            switch v {
            case .array(let items):
                flat.append(contentsOf: items)
                flatOrigins.append(contentsOf: repeatElement(builder.origins[i], count: items.count))
            case .bytes(let b):
                flat.append(contentsOf: b.map { .uint(UInt64($0)) })
                flatOrigins.append(contentsOf: repeatElement(builder.origins[i], count: b.count))
            case .zero: break
            default: throw builder.fail(i, v, type)
            }
            offsets.append(UInt64(flat.count))
        }
        return ArrayColumn(unchecked: offsets, elements: try builder.child(flatOrigins).build(inner(type), flat))
    }
}

/// `Map(K, V)`: on the wire an `Array(Tuple(K, V))`.
struct MapFamily: TypeFamily {
    var names: [String] { ["Map"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.exactly(2)
        return .map(key: try a.type(0), value: try a.type(1))
    }
    private func parts(_ type: CHType) -> (CHType, CHType) {
        if case .map(let k, let v) = type { return (k, v) }
        return (.nothing, .nothing)
    }
    func name(of type: CHType) -> String {
        let (k, v) = parts(type)
        return "Map(\(k.name), \(v.name))"
    }
    func wireType(of type: CHType) -> CHType {
        let (k, v) = parts(type)
        return .map(key: k.wireType, value: v.wireType)
    }

    var binaryIndexes: [UInt8] { [0x27] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let key = try r.type()
        return .map(key: key, value: try r.type())
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let (k, v) = parts(type)
        w.writeUInt8(0x27)
        try BinaryTypeEncoder.encode(k, to: w)
        try BinaryTypeEncoder.encode(v, to: w)
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        let (k, v) = parts(type)
        return MapCodec(type: type, keys: try makeCodec(for: k), values: try makeCodec(for: v))
    }

    var storesScalars: Bool { false }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        let (k, v) = parts(type)
        return MapAppender(keys: try ValueAppenders.make(k, context: context), values: try ValueAppenders.make(v, context: context), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        let (k, v) = parts(type)
        return try builder.map(type, k, v, values)
    }
}

/// `Tuple(T1, T2, …)` with or without element names: one column per element.
struct TupleFamily: TypeFamily {
    var names: [String] { ["Tuple"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType { .tuple(try a.elements(namesRequired: false)) }
    private func elements(_ type: CHType) -> [CHType.TupleElement] {
        if case .tuple(let e) = type { return e }
        return []
    }
    func name(of type: CHType) -> String {
        "Tuple(" + elements(type).map { e in e.name.map { "\(CHType.backquoteIfNeeded($0)) \(e.type.name)" } ?? e.type.name }.joined(separator: ", ") + ")"
    }
    func wireType(of type: CHType) -> CHType { .tuple(elements(type).map { .init(name: $0.name, type: $0.type.wireType) }) }

    var binaryIndexes: [UInt8] { [0x1F, 0x20] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        if index == 0x20 { return .tuple(try r.namedElements()) }
        let n = try r.count("tuple elements")
        var elements: [CHType.TupleElement] = []
        for _ in 0..<n { elements.append(.init(name: nil, type: try r.type())) }
        return .tuple(elements)
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let list = elements(type)
        let named = !list.isEmpty && list.allSatisfy { $0.name != nil }
        w.writeUInt8(named ? 0x20 : 0x1F)
        w.writeVarUInt(UInt64(list.count))
        for e in list {
            if named { w.writeString(e.name ?? "") }
            try BinaryTypeEncoder.encode(e.type, to: w)
        }
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        TupleCodec(type: type, elements: try elements(type).map { try makeCodec(for: $0.type) })
    }

    var storesScalars: Bool { false }
    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        let list = elements(type)
        guard !list.isEmpty else { throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client") }
        return TupleAppender(elements: try list.map { try ValueAppenders.make($0.type, context: context) }, names: list.map(\.name), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.tuple(type, elements(type), values)
    }
}
