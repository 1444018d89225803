/// The flattened `Dynamic` serialization (structure version 3), which the server sends with
/// `output_format_native_use_flattened_dynamic_and_json_serialization = 1`.
///
/// Prefix (after the UInt64 version 3): the number of types N (var-UInt), their names (or
/// binary type encodings with `output_format_native_encode_types_in_binary_format`), then the
/// prefixes of the N types' columns. There is no `max_types` and no `SharedVariant`: every
/// type, also those beyond `max_types`, has a column of its own. Body: one index per row into
/// the N types — UInt8 when N ≤ 255, UInt16 when N < 65536, UInt32 otherwise — with N
/// marking NULL; then each type's column holding its rows in row order.
///
/// Decoding yields the same ``DynamicColumn`` the normal serialization gives: the types become
/// the variants, except that when there are more than `max_types` of them the most frequent
/// `max_types` keep variants and the others' values go to the shared variant (binary type +
/// `RowBinary` value), so the column prints, boxes and re-inserts like any other.
final class FlattenedDynamicReader {
    let type: CHType
    let types: [CHType]
    let codecs: [any ColumnCodec]

    /// Reads the part of the prefix after the version.
    init(type: CHType, prefix r: ReadBuffer) throws {
        self.type = type
        let n = try r.readLength(limit: 1 << 16, what: "flattened Dynamic type count")
        var types: [CHType] = []
        for _ in 0..<n {
            types.append(r.binaryTypeNames ? try BinaryTypeDecoder.decode(r) : try TypeParser.parse(try r.readString()))
        }
        self.types = types
        self.codecs = try types.map { try makeCodec(for: $0) }
        for c in codecs { try c.readPrefix(r) }
    }

    /// Reads the indexes and the types' columns of `rows` rows.
    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> DynamicColumn {
        let indexes = try readIndexes(r, rows: rows)
        var counts = [Int](repeating: 0, count: types.count)
        for i in indexes where i != types.count { counts[i] += 1 }
        var columns: [any Column] = []
        for (i, c) in codecs.enumerated() { columns.append(try c.read(r, rows: counts[i], context: context)) }
        return try FlattenedDynamicReader.column(type: type, types: types, columns: columns, indexes: indexes,
                                                 counts: counts, context: context)
    }

    /// Per row, its type's index (`types.count` for NULL); throws on an index out of range.
    private func readIndexes(_ r: ReadBuffer, rows: Int) throws -> [Int] {
        let n = types.count
        let raw: [Int]
        if n <= 255 {
            raw = try FixedWidthCodec<UInt8>.readValues(r, rows: rows).map { Int($0) }
        } else if n <= 65535 {
            raw = try FixedWidthCodec<UInt16>.readValues(r, rows: rows).map { Int($0) }
        } else {
            raw = try FixedWidthCodec<UInt32>.readValues(r, rows: rows).map { Int($0) }
        }
        for i in raw where i > n {
            throw ClickHouseError.protocolViolation("\(type.name): flattened Dynamic index \(i) but only \(n) types")
        }
        return raw
    }

    /// The ``DynamicColumn`` for flattened columns: `columns[t]` holds the rows whose index is
    /// `t`, in row order.
    static func column(type: CHType, types: [CHType], columns: [any Column], indexes: [Int], counts: [Int],
                       context: DecodeContext) throws -> DynamicColumn {
        var limit = 32
        if case .dynamic(let m) = type, let m { limit = m }
        limit = min(limit, 254)
        // The most frequent `limit` types keep variants of their own.
        let byUse = types.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let kept = Set(byUse.prefix(limit))
        func nameOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        var members: [(name: String, flat: Int?)] = kept.map { (types[$0].name, Optional($0)) }
        members.append((DynamicCodec.sharedVariantName, nil))
        members.sort { nameOrder($0.name, $1.name) }
        var discriminatorOf = [UInt8](repeating: VariantColumn.nullDiscriminator, count: types.count + 1)
        let shared = members.firstIndex { $0.flat == nil } ?? 0
        for t in types.indices { discriminatorOf[t] = UInt8(shared) }
        for (d, m) in members.enumerated() { if let f = m.flat { discriminatorOf[f] = UInt8(d) } }

        var discriminators = [UInt8](repeating: VariantColumn.nullDiscriminator, count: indexes.count)
        var positions = [UInt32](repeating: 0, count: indexes.count)
        var next = [Int](repeating: 0, count: types.count)
        var sharedRaw = StringColumn()
        var sharedValues: [DynamicSharedValue?] = []
        for (row, t) in indexes.enumerated() where t < types.count {
            let d = discriminatorOf[t]
            discriminators[row] = d
            let position = next[t]
            next[t] += 1
            if Int(d) == shared {
                positions[row] = UInt32(sharedValues.count)
                let raw = try RowBinaryValueWriter.dynamicValue(columns[t], row: position, type: types[t])
                raw.withUnsafeBytes { sharedRaw.append(bytes: $0) }
                sharedValues.append(DynamicSharedValue(type: types[t], column: columns[t], row: position))
            } else {
                positions[row] = UInt32(position)
            }
        }
        let variantTypes = members.map { $0.flat.map { types[$0] } ?? .string }
        let variants: [any Column] = members.map { $0.flat.map { columns[$0] } ?? sharedRaw }
        let variant = VariantColumn(unchecked: .variant(variantTypes), discriminators: discriminators, variants: variants,
                                    positions: positions)
        let names = members.compactMap { $0.flat == nil ? nil : $0.name }
        return DynamicColumn(type: type, maxTypes: limit, typeNames: names, variant: variant, variantTypes: variantTypes,
                             sharedDiscriminator: shared, sharedValues: sharedValues)
    }
}
