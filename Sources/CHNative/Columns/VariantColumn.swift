/// A `Variant(T1, T2, ...)` column: one discriminator per row (the position of the row's
/// variant in the type, or 255 for NULL) and one column per variant holding only its rows.
public struct VariantColumn: Column {
    /// The discriminator that marks NULL.
    public static let nullDiscriminator: UInt8 = 255

    public let type: CHType
    /// Per row, the index of its variant in ``variants`` (255 = NULL).
    public var discriminators: [UInt8]
    /// One column per variant, in the type's order; variant `i` holds the rows whose
    /// discriminator is `i`, in row order.
    public var variants: [any Column]
    /// Per row, its position within its variant's column.
    public let positions: [UInt32]

    /// Creates a column; throws when a discriminator is out of range or a variant's length does
    /// not match the number of rows that use it.
    public init(type: CHType, discriminators: [UInt8], variants: [any Column]) throws {
        self.positions = try VariantColumn.positions(discriminators, variantCounts: variants.map(\.count), what: type.name)
        self.type = type
        self.discriminators = discriminators
        self.variants = variants
    }

    init(unchecked type: CHType, discriminators: [UInt8], variants: [any Column], positions: [UInt32]) {
        self.type = type
        self.discriminators = discriminators
        self.variants = variants
        self.positions = positions
    }

    /// Positions of each row within its variant; checks the counts add up.
    static func positions(_ discriminators: [UInt8], variantCounts: [Int], what: String) throws -> [UInt32] {
        var next = [UInt32](repeating: 0, count: variantCounts.count)
        var positions = [UInt32]()
        positions.reserveCapacity(discriminators.count)
        for d in discriminators {
            if d == nullDiscriminator { positions.append(0); continue }
            guard Int(d) < next.count else {
                throw ClickHouseError.protocolViolation("\(what): discriminator \(d) but only \(next.count) variants")
            }
            positions.append(next[Int(d)])
            next[Int(d)] += 1
        }
        for (i, n) in next.enumerated() where Int(n) != variantCounts[i] {
            throw ClickHouseError.invalidInput("\(what): variant \(i) has \(variantCounts[i]) values but \(n) rows use it")
        }
        return positions
    }

    public var count: Int { discriminators.count }

    public func isNull(at row: Int) -> Bool {
        let d = discriminators[row]
        return d == VariantColumn.nullDiscriminator || variants[Int(d)].isNull(at: Int(positions[row]))
    }

    public func value(at row: Int) -> CHValue {
        let d = discriminators[row]
        return d == VariantColumn.nullDiscriminator ? .null : variants[Int(d)].value(at: Int(positions[row]))
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        let d = discriminators[row]
        if d == VariantColumn.nullDiscriminator {
            switch style {
            case .tabSeparated: out.append("\\N")
            case .quoted: out.append("NULL")
            case .json: out.append("null")
            }
        } else {
            variants[Int(d)].writeText(at: Int(positions[row]), to: &out, style: style)
        }
    }
}

/// Variant serialization: a UInt64 discriminators mode in the prefix (0 = one byte per row;
/// 1 = compact, used only in MergeTree parts) followed by the variants' prefixes; the body holds
/// the discriminators, then each variant's rows.
final class VariantCodec: ColumnCodec {
    let type: CHType
    let variants: [any ColumnCodec]

    init(type: CHType, variants: [any ColumnCodec]) {
        self.type = type
        self.variants = variants
    }

    func readPrefix(_ r: ReadBuffer) throws {
        let mode = try r.readLE(UInt64.self)
        guard mode == 0 else {
            // Compact discriminators (mode 1) exist only inside MergeTree parts; the 26.9 server
            // converts them to mode 0 for every client (VariantDiscriminatorModeTests).
            throw ClickHouseError.unsupportedType("\(type.name): discriminators mode \(mode) is not supported (CHNative reads mode 0; compact mode 1 is only used inside MergeTree parts and servers do not send it to clients)")
        }
        for v in variants { try v.readPrefix(r) }
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        let discriminators: [UInt8] = try FixedWidthCodec<UInt8>.readValues(r, rows: rows)
        var counts = [Int](repeating: 0, count: variants.count)
        for d in discriminators where d != VariantColumn.nullDiscriminator {
            guard Int(d) < counts.count else {
                throw ClickHouseError.protocolViolation("\(type.name): discriminator \(d) but only \(counts.count) variants")
            }
            counts[Int(d)] += 1
        }
        var columns: [any Column] = []
        for (i, v) in variants.enumerated() { columns.append(try v.read(r, rows: counts[i], context: context)) }
        let positions = try VariantColumn.positions(discriminators, variantCounts: counts, what: type.name)
        return VariantColumn(unchecked: type, discriminators: discriminators, variants: columns, positions: positions)
    }

    private func cast(_ column: any Column) throws -> VariantColumn {
        guard let c = column as? VariantColumn, c.variants.count == variants.count else {
            throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)")
        }
        return c
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        w.writeLE(UInt64(0))
        for (codec, v) in zip(variants, c.variants) { try codec.writePrefix(v, to: w) }
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        let c = try cast(column)
        c.discriminators.withUnsafeBytes { w.write($0) }
        for (codec, v) in zip(variants, c.variants) { try codec.write(v, to: w) }
    }
}
