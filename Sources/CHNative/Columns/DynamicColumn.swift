/// A `Dynamic` column: a ``VariantColumn`` over the types this block actually holds, plus the
/// `SharedVariant` that holds values of types beyond `max_types` (binary type + `RowBinary`
/// value per entry, decoded into ``sharedValues``).
public struct DynamicColumn: Column {
    public let type: CHType
    /// `max_types` as the server sent it in the block.
    public var maxTypes: Int
    /// The names of the block's types (without `SharedVariant`), sorted.
    public var typeNames: [String]
    /// The values; its variants are ``typeNames`` plus `SharedVariant`, sorted by name. The
    /// `SharedVariant` member holds the raw binary entries.
    public var variant: VariantColumn
    /// The values in the shared variant, decoded, in the order of its entries (`nil` for an
    /// entry of type `Nothing`).
    public internal(set) var sharedValues: [DynamicSharedValue?]
    /// The variant types in discriminator order (`SharedVariant` as `String`).
    let variantTypes: [CHType]
    /// The discriminator of `SharedVariant`.
    let sharedDiscriminator: Int

    init(type: CHType, maxTypes: Int, typeNames: [String], variant: VariantColumn, variantTypes: [CHType],
         sharedDiscriminator: Int, sharedValues: [DynamicSharedValue?]) {
        self.type = type
        self.maxTypes = maxTypes
        self.typeNames = typeNames
        self.variant = variant
        self.variantTypes = variantTypes
        self.sharedDiscriminator = sharedDiscriminator
        self.sharedValues = sharedValues
    }

    /// An empty column (a block without rows carries no structure).
    static func empty(type: CHType) -> DynamicColumn {
        let shared = StringColumn()
        let v = VariantColumn(unchecked: .variant([.string]), discriminators: [], variants: [shared], positions: [])
        return DynamicColumn(type: type, maxTypes: 32, typeNames: [], variant: v, variantTypes: [.string],
                             sharedDiscriminator: 0, sharedValues: [])
    }

    public var count: Int { variant.count }

    /// The column and row holding the value of `row` (a typed variant's, or the one-row column
    /// of a decoded shared value); `nil` when the value is NULL.
    public func storage(at row: Int) -> (column: any Column, row: Int)? {
        let d = variant.discriminators[row]
        if d == VariantColumn.nullDiscriminator { return nil }
        let position = Int(variant.positions[row])
        if Int(d) == sharedDiscriminator {
            guard let v = sharedValues[position] else { return nil }
            return (v.column, v.row)
        }
        return (variant.variants[Int(d)], position)
    }

    /// The type of the value in `row` (`nil` when NULL).
    public func valueType(at row: Int) -> CHType? {
        let d = variant.discriminators[row]
        if d == VariantColumn.nullDiscriminator { return nil }
        if Int(d) == sharedDiscriminator { return sharedValues[Int(variant.positions[row])]?.type }
        return variantTypes[Int(d)]
    }

    public func isNull(at row: Int) -> Bool {
        guard let (c, r) = storage(at: row) else { return true }
        return c.isNull(at: r)
    }

    public func value(at row: Int) -> CHValue {
        guard let (c, r) = storage(at: row) else { return .null }
        return c.value(at: r)
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        guard let (c, r) = storage(at: row) else {
            out.append(style == .tabSeparated ? "\\N" : style == .json ? "null" : "NULL")
            return
        }
        c.writeText(at: r, to: &out, style: style)
    }
}

/// Dynamic serialization: the prefix holds a UInt64 structure version (1: `max_types`, the
/// number of types and their names; 2: the same without `max_types`) and then the prefix of the
/// Variant over those types plus `SharedVariant`; the body is that Variant's. Version 3 is the
/// flattened serialization (``FlattenedDynamicReader``). Columns are always written as version 1.
final class DynamicCodec: ColumnCodec {
    static let sharedVariantName = "SharedVariant"

    let type: CHType
    private var structure: (maxTypes: Int, names: [String], variantTypes: [CHType], codec: VariantCodec, shared: Int)?
    private var flattened: FlattenedDynamicReader?

    init(type: CHType) { self.type = type }

    func readPrefix(_ r: ReadBuffer) throws {
        guard r.dynamicPrefixDepth < ReadBuffer.maximumDynamicPrefixDepth else {
            throw ClickHouseError.protocolViolation("\(type.name): Dynamic types nested more than \(ReadBuffer.maximumDynamicPrefixDepth) levels deep")
        }
        r.dynamicPrefixDepth += 1
        defer { r.dynamicPrefixDepth -= 1 }
        let version = try r.readLE(UInt64.self)
        var maxTypes = 32
        structure = nil
        flattened = nil
        switch version {
        case 1: maxTypes = try r.readLength(limit: 1 << 16, what: "Dynamic max_types")
        case 2: break
        case 3:
            flattened = try FlattenedDynamicReader(type: type, prefix: r)
            return
        default:
            throw ClickHouseError.unsupportedType("\(type.name): Dynamic serialization version \(version) is not supported (CHNative reads versions 1 and 2, and 3, the flattened serialization)")
        }
        let n = try r.readLength(limit: 1 << 16, what: "Dynamic type count")
        var names: [String] = []
        for _ in 0..<n { names.append(r.binaryTypeNames ? try BinaryTypeDecoder.decode(r).name : try r.readString()) }
        try setStructure(maxTypes: maxTypes, names: names)
        try structure?.codec.readPrefix(r)
    }

    private func setStructure(maxTypes: Int, names: [String]) throws {
        let all = (names + [DynamicCodec.sharedVariantName]).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var types: [CHType] = []
        var codecs: [any ColumnCodec] = []
        var shared = 0
        for (i, name) in all.enumerated() {
            if name == DynamicCodec.sharedVariantName {
                shared = i
                types.append(.string)
                codecs.append(StringCodec())
                continue
            }
            let t = try TypeParser.parse(name)
            types.append(t)
            codecs.append(try makeCodec(for: t))
        }
        let codec = VariantCodec(type: .variant(types), variants: codecs)
        structure = (maxTypes, names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, types, codec, shared)
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        if let flattened { return try flattened.read(r, rows: rows, context: context) }
        guard let s = structure else {
            guard rows == 0 else { throw ClickHouseError.protocolViolation("\(type.name): values without a structure prefix") }
            return DynamicColumn.empty(type: type)
        }
        guard let v = try s.codec.read(r, rows: rows, context: context) as? VariantColumn else {
            throw ClickHouseError.protocolViolation("\(type.name): variant decoding failed")
        }
        guard let raw = v.variants[s.shared] as? StringColumn else {
            throw ClickHouseError.protocolViolation("\(type.name): the shared variant did not decode as String")
        }
        let shared = try SharedValueBatch.decode(raw, context: context) { i in
            "\(self.type.name): shared variant value \(i + 1) of \(raw.count)"
        }
        return DynamicColumn(type: type, maxTypes: s.maxTypes, typeNames: s.names, variant: v, variantTypes: s.variantTypes,
                             sharedDiscriminator: s.shared, sharedValues: shared)
    }

    private func cast(_ column: any Column) throws -> DynamicColumn {
        guard let c = column as? DynamicColumn else { throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)") }
        return c
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        w.writeLE(UInt64(1))
        w.writeVarUInt(UInt64(c.maxTypes))
        w.writeVarUInt(UInt64(c.typeNames.count))
        for n in c.typeNames {
            if w.binaryTypeNames { try BinaryTypeEncoder.encode(try TypeParser.parse(n), to: w) } else { w.writeString(n) }
        }
        let codec = VariantCodec(type: .variant(c.variantTypes), variants: try c.variantTypes.map { try makeCodec(for: $0) })
        try codec.writePrefix(c.variant, to: w)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        let codec = VariantCodec(type: .variant(c.variantTypes), variants: try c.variantTypes.map { try makeCodec(for: $0) })
        try codec.write(c.variant, to: w)
    }
}
