import Foundation

/// Builds a column of a table's type from encoded Swift values: the heart of inserting
/// `Encodable` rows. Every value is converted exactly or refused with an error naming the
/// column, the row and both types.
struct ColumnBuilder {
    /// The table column's name.
    let name: String
    /// For each value, the row of the insert it belongs to (values inside arrays share their
    /// row's number).
    let origins: [Int]

    func fail(_ i: Int, _ value: EncodedValue, _ type: CHType, _ detail: String = "") -> ClickHouseError {
        let row = i < origins.count ? origins[i] : i
        let why = detail.isEmpty ? "" : " (\(detail))"
        return ClickHouseError.invalidInput("column '\(name)' row \(row): cannot store \(value.kind) in \(type.name)\(why)")
    }

    func child(_ origins: [Int]) -> ColumnBuilder { ColumnBuilder(name: name, origins: origins) }

    /// A column of `type` holding `values`, made by the type's family.
    func build(_ type: CHType, _ values: [EncodedValue]) throws -> any Column {
        let family = type.family
        if family.storesScalars {
            for (i, v) in values.enumerated() where v == .null {
                throw fail(i, v, type, "the column is not Nullable")
            }
        }
        return try family.build(type, values, by: self)
    }

    /// The error for a type whose family stores no Swift values.
    func unsupported(_ type: CHType) -> ClickHouseError {
        ClickHouseError.unsupportedType("column '\(name)': inserting Swift values into \(type.name) is not supported")
    }

    func lowCardinality(_ inner: CHType, _ values: [EncodedValue]) throws -> any Column {
        let keyType: CHType
        if case .nullable(let t) = inner { keyType = t } else { keyType = inner }
        var positions: [EncodedValue: UInt32] = [:]
        var keys: [EncodedValue] = []
        var keyOrigins: [Int] = []
        if inner.isNullable {
            keys.append(.zero)
            keyOrigins.append(origins.first ?? 0)
        }
        var indexes: [UInt32] = []
        indexes.reserveCapacity(values.count)
        for (i, v) in values.enumerated() {
            if v == .null || v == .zero {
                guard inner.isNullable else { throw fail(i, v, .lowCardinality(inner), "the column is not Nullable") }
                indexes.append(0)
                continue
            }
            if let p = positions[v] {
                indexes.append(p)
                continue
            }
            let p = UInt32(keys.count)
            positions[v] = p
            keys.append(v)
            keyOrigins.append(origins[i])
            indexes.append(p)
        }
        let dictionary = try child(keyOrigins).build(keyType, keys)
        return LowCardinalityColumn(unchecked: inner, dictionary: dictionary, indexes: indexes)
    }

    func tuple(_ type: CHType, _ elements: [CHType.TupleElement], _ values: [EncodedValue]) throws -> any Column {
        var columns = [[EncodedValue]](repeating: [], count: elements.count)
        for (i, v) in values.enumerated() {
            switch v {
            case .zero:
                for e in columns.indices { columns[e].append(.zero) }
            case .array(let items):
                guard items.count == elements.count else { throw fail(i, v, type, "the tuple has \(elements.count) elements") }
                for (e, item) in items.enumerated() { columns[e].append(item) }
            case .object(let fields):
                for (e, element) in elements.enumerated() {
                    let key = element.name ?? String(e)
                    columns[e].append(fields.first { $0.key == key }?.value ?? .null)
                }
                let known = Set(elements.enumerated().map { $1.name ?? String($0) })
                if let extra = fields.first(where: { !known.contains($0.key) }) {
                    throw fail(i, v, type, "the tuple has no element '\(extra.key)'")
                }
            default: throw fail(i, v, type)
            }
        }
        let built = try zip(elements, columns).map { try build($0.type, $1) }
        return TupleColumn(unchecked: type, elements: built, rows: values.count)
    }

    func map(_ type: CHType, _ keyType: CHType, _ valueType: CHType, _ values: [EncodedValue]) throws -> any Column {
        var offsets: [UInt64] = []
        var keys: [EncodedValue] = []
        var items: [EncodedValue] = []
        var entryOrigins: [Int] = []
        let integerKeys = keyType.unwrapped.isInteger
        for (i, v) in values.enumerated() {
            switch v {
            case .zero: break
            case .object(let fields):
                for f in fields {
                    // Dictionaries with Int keys encode their keys as text.
                    if integerKeys, let n = Int64(f.key) { keys.append(.int(n)) } else if integerKeys, let n = UInt64(f.key) { keys.append(.uint(n)) } else { keys.append(.string(f.key)) }
                    items.append(f.value)
                    entryOrigins.append(origins[i])
                }
            case .array(let alternating):
                guard alternating.count % 2 == 0 else { throw fail(i, v, type, "keys and values must alternate") }
                for p in stride(from: 0, to: alternating.count, by: 2) {
                    keys.append(alternating[p])
                    items.append(alternating[p + 1])
                    entryOrigins.append(origins[i])
                }
            default: throw fail(i, v, type)
            }
            offsets.append(UInt64(keys.count))
        }
        let b = child(entryOrigins)
        return MapColumn(unchecked: offsets, keys: try b.build(keyType, keys), values: try b.build(valueType, items))
    }
}

extension CHType {
    /// Whether the type is one of the integer types.
    var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .int128, .int256, .uint8, .uint16, .uint32, .uint64, .uint128, .uint256: return true
        default: return false
        }
    }
}
