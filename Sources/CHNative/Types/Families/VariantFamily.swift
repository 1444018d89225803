/// `Variant(T1, T2, …)`: a discriminator per row (255: NULL), then one column per variant.
struct VariantFamily: TypeFamily {
    var names: [String] { ["Variant"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        guard !a.isEmpty else { throw a.fail("Variant needs at least one type") }
        return .variant(try a.all.map { try a.type($0) }.sorted(by: CHType.variantOrder))
    }
    private func members(_ type: CHType) -> [CHType] {
        if case .variant(let m) = type { return m }
        return []
    }
    func name(of type: CHType) -> String { "Variant(" + members(type).map(\.name).joined(separator: ", ") + ")" }

    var binaryIndexes: [UInt8] { [0x2A] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let n = try r.count("variants")
        var types: [CHType] = []
        for _ in 0..<n { types.append(try r.type()) }
        return .variant(types.sorted(by: CHType.variantOrder))
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let list = members(type)
        w.writeUInt8(0x2A)
        w.writeVarUInt(UInt64(list.count))
        for t in list { try BinaryTypeEncoder.encode(t, to: w) }
    }

    func codec(for type: CHType) throws -> any ColumnCodec {
        VariantCodec(type: type, variants: try members(type).map { try makeCodec(for: $0) })
    }

    var storesScalars: Bool { false }
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.variant(type, members(type), values)
    }
}

/// `Dynamic` / `Dynamic(max_types=N)`: values of any type, each row with its own.
struct DynamicFamily: TypeFamily {
    var names: [String] { ["Dynamic"] }
    var takesRawArguments: Bool { true }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        let parts = TypeParser.splitTopLevel(a.rawText ?? "")
        if parts.isEmpty { return .dynamic(maxTypes: nil) }
        guard parts.count == 1, let v = TypeParser.setting(parts[0], "max_types") else { throw a.fail("Dynamic takes max_types=N") }
        return .dynamic(maxTypes: v)
    }
    func name(of type: CHType) -> String {
        if case .dynamic(let max?) = type { return "Dynamic(max_types=\(max))" }
        return "Dynamic"
    }

    var binaryIndexes: [UInt8] { [0x2B] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let max = Int(try r.buffer.readUInt8())
        return .dynamic(maxTypes: max == 32 ? nil : max)
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        guard case .dynamic(let max) = type else { return }
        w.writeUInt8(0x2B)
        w.writeUInt8(UInt8(clamping: max ?? 32))
    }

    func codec(for type: CHType) throws -> any ColumnCodec { DynamicCodec(type: type) }

    var storesScalars: Bool { false }
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        guard case .dynamic(let maxTypes) = type else { throw builder.unsupported(type) }
        return try builder.dynamic(type, maxTypes: maxTypes, values)
    }
}
