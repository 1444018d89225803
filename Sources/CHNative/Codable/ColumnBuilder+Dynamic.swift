import Foundation

/// Inserting Swift values into `Variant`, `Dynamic` and `JSON` columns.
///
/// - `Variant(T1, ...)`: each value goes into the first member (in the type's order) of the
///   best-suited kind that holds it exactly — integers into integer members, then decimals and
///   floats; floating-point values into floats, then decimals; strings into `String`, then
///   `FixedString`, enums, UUIDs, IPs, dates; `Date` into date-times, then dates; and so on.
///   `nil` is NULL. A value no member holds is an error naming the column, row and value.
/// - `Dynamic`: the type comes from the Swift value — `Int` → `Int64`, `UInt` → `UInt64`,
///   `Double` → `Float64`, `Bool` → `Bool`, `String`/`Data` → `String`, `Date` →
///   `DateTime64(6)`, `UUID` → `UUID`, `Decimal` → `Decimal(38, S)`, `Duration` →
///   `Time64(9)`, arrays → `Array(T)` of their elements' common type (`Nullable` when some are
///   `nil`), structs → named `Tuple`. The `max_types` most frequent types get variants of their
///   own, values of other types go to the shared variant (binary type + RowBinary value).
/// - `JSON`: a struct or `[String: …]` dictionary is the object; nested objects become dotted
///   paths, typed paths take their declared types, other paths are `Dynamic` as above (the
///   `max_dynamic_paths` most used ones as columns, the rest in the shared data) and `nil`
///   members are left out.
extension ColumnBuilder {
    func variant(_ type: CHType, _ members: [CHType], _ values: [EncodedValue]) throws -> any Column {
        var discriminators = [UInt8](repeating: VariantColumn.nullDiscriminator, count: values.count)
        var memberValues = [[EncodedValue]](repeating: [], count: members.count)
        var memberOrigins = [[Int]](repeating: [], count: members.count)
        for (i, v) in values.enumerated() where v != .null && v != .zero {
            let candidates = members.indices.compactMap { m in VariantPreference.rank(v, members[m]).map { ($0, m) } }
                .sorted { $0 < $1 }
            guard let chosen = candidates.first(where: { (_, m) in
                VariantPreference.alwaysFits(v, members[m]) || (try? child([origins[i]]).build(members[m], [v])) != nil
            }) else {
                throw fail(i, v, type, "no variant holds it")
            }
            discriminators[i] = UInt8(chosen.1)
            memberValues[chosen.1].append(v)
            memberOrigins[chosen.1].append(origins[i])
        }
        let columns = try members.indices.map { try child(memberOrigins[$0]).build(members[$0], memberValues[$0]) }
        return try VariantColumn(type: type, discriminators: discriminators, variants: columns)
    }

    func dynamic(_ type: CHType, maxTypes: Int?, _ values: [EncodedValue]) throws -> any Column {
        var types: [CHType?] = []
        types.reserveCapacity(values.count)
        let decimalScale = DynamicInference.decimalScale(values)
        for (i, v) in values.enumerated() {
            do {
                types.append(try DynamicInference.type(of: v, decimalScale: decimalScale))
            } catch let DynamicInference.Failure.mixed(detail) {
                throw fail(i, v, type, detail)
            }
        }
        // The most frequent `max_types` types get variants of their own; values of the other
        // types go to the shared variant as binary type + RowBinary value.
        var frequency: [CHType: Int] = [:]
        for t in types { if let t { frequency[t, default: 0] += 1 } }
        let limit = maxTypes ?? 32
        let kept = Set(frequency.sorted { $0.value != $1.value ? $0.value > $1.value : CHType.variantOrder($0.key, $1.key) }
            .prefix(limit).map(\.key))
        let distinct = kept.sorted(by: CHType.variantOrder)
        var all = distinct.map { ($0.name, Optional($0)) } + [(DynamicCodec.sharedVariantName, CHType?.none)]
        all.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        let index = Dictionary(all.enumerated().compactMap { i, e in e.1.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let shared = all.firstIndex { $0.1 == nil } ?? 0
        var discriminators = [UInt8](repeating: VariantColumn.nullDiscriminator, count: values.count)
        var memberValues = [[EncodedValue]](repeating: [], count: all.count)
        var memberOrigins = [[Int]](repeating: [], count: all.count)
        var sharedRaw = StringColumn()
        var sharedValues: [DynamicSharedValue?] = []
        for (i, t) in types.enumerated() {
            guard let t else { continue }
            if let d = index[t] {
                discriminators[i] = UInt8(d)
                memberValues[d].append(values[i])
                memberOrigins[d].append(origins[i])
            } else {
                let one = try child([origins[i]]).build(t, [values[i]])
                let raw = try RowBinaryValueWriter.dynamicValue(one, row: 0, type: t)
                raw.withUnsafeBytes { sharedRaw.append(bytes: $0) }
                sharedValues.append(DynamicSharedValue(type: t, column: one))
                discriminators[i] = UInt8(shared)
            }
        }
        var columns: [any Column] = []
        for (d, entry) in all.enumerated() {
            if let t = entry.1 {
                columns.append(try child(memberOrigins[d]).build(t, memberValues[d]))
            } else {
                columns.append(sharedRaw)
            }
        }
        let variantTypes = all.map { $0.1 ?? .string }
        let variant = try VariantColumn(type: .variant(variantTypes), discriminators: discriminators, variants: columns)
        return DynamicColumn(type: type, maxTypes: limit, typeNames: distinct.map(\.name), variant: variant,
                             variantTypes: variantTypes, sharedDiscriminator: shared,
                             sharedValues: sharedValues)
    }

    func json(_ type: CHType, _ spec: JSONSpec, _ values: [EncodedValue]) throws -> any Column {
        let typedIndex = Dictionary(spec.typedPaths.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        var typedValues = [[EncodedValue]](repeating: [], count: spec.typedPaths.count)
        var dynamic: [String: [EncodedValue]] = [:]
        for (i, v) in values.enumerated() {
            var leaves: [(String, EncodedValue)] = []
            switch v {
            case .null, .zero: break
            case .object(let fields): JSONFlattening.flatten(fields, prefix: "", into: &leaves)
            default: throw fail(i, v, type, "a JSON value is a struct or a dictionary with String keys")
            }
            var seen = [Bool](repeating: false, count: spec.typedPaths.count)
            for (path, leaf) in leaves {
                if let t = typedIndex[path] {
                    guard !seen[t] else { throw fail(i, v, type, "path '\(path)' appears twice") }
                    typedValues[t].append(leaf)
                    seen[t] = true
                } else {
                    guard (dynamic[path]?.count ?? 0) <= i else { throw fail(i, v, type, "path '\(path)' appears twice") }
                    dynamic[path, default: [EncodedValue](repeating: .null, count: i)].append(leaf)
                }
            }
            for (t, s) in seen.enumerated() where !s { typedValues[t].append(.zero) }
            for key in dynamic.keys where dynamic[key]?.count == i { dynamic[key]?.append(.null) }
        }
        // The `max_dynamic_paths` paths with the most values get columns of their own; the
        // others go to the shared data, per row sorted by path.
        let limit = spec.maxDynamicPaths ?? 1024
        func present(_ p: String) -> Int { dynamic[p]?.reduce(0) { $0 + ($1 == .null ? 0 : 1) } ?? 0 }
        let byUse = dynamic.keys.map { ($0, present($0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        let paths = byUse.prefix(limit).map(\.0).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let sharedPaths = byUse.dropFirst(limit).map(\.0).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let shared = try sharedData(sharedPaths, dynamic, rows: values.count)
        let typedColumns = try spec.typedPaths.enumerated().map { t, p in try child(origins).build(p.type, typedValues[t]) }
        let dynamicType = CHType.dynamic(maxTypes: spec.maxDynamicTypes)
        var dynamicColumns: [DynamicColumn] = []
        for p in paths {
            let b = ColumnBuilder(name: "\(name).\(p)", origins: origins)
            guard let d = try b.dynamic(dynamicType, maxTypes: spec.maxDynamicTypes, dynamic[p] ?? []) as? DynamicColumn else {
                throw ClickHouseError.invalidInput("column '\(name)': path '\(p)' did not build as Dynamic")
            }
            dynamicColumns.append(d)
        }
        return JSONColumn(type: type, typedPaths: spec.typedPaths.map(\.path), typedColumns: typedColumns,
                          dynamicPaths: paths, dynamicColumns: dynamicColumns, maxDynamicPaths: limit, count: values.count,
                          shared: shared)
    }

    /// The shared data of a JSON column for `paths` (sorted): per row, each non-NULL value as
    /// binary type + RowBinary value.
    private func sharedData(_ paths: [String], _ dynamic: [String: [EncodedValue]], rows: Int) throws -> JSONSharedData {
        var shared = JSONSharedData()
        let scales = Dictionary(paths.map { ($0, DynamicInference.decimalScale(dynamic[$0] ?? [])) }, uniquingKeysWith: { a, _ in a })
        for row in 0..<rows {
            for p in paths {
                guard let v = dynamic[p]?[row] else { continue }
                let b = ColumnBuilder(name: "\(name).\(p)", origins: [origins[row]])
                let t: CHType?
                do {
                    t = try DynamicInference.type(of: v, decimalScale: scales[p] ?? 0)
                } catch let DynamicInference.Failure.mixed(detail) {
                    throw b.fail(0, v, .dynamic(maxTypes: nil), detail)
                }
                guard let t else { continue }
                let one = try b.build(t, [v])
                shared.append(path: Array(p.utf8), raw: try RowBinaryValueWriter.dynamicValue(one, row: 0, type: t),
                              value: DynamicSharedValue(type: t, column: one))
            }
            shared.endRow()
        }
        return shared
    }
}

/// Which members of a Variant suit a Swift value, best first (lower tiers first; within a tier
/// the type's own order decides).
enum VariantPreference {
    /// Whether `v` certainly converts into `t` (no trial conversion needed).
    static func alwaysFits(_ v: EncodedValue, _ t: CHType) -> Bool {
        switch (v, t) {
        case (.string, .string), (.bytes, .string), (.int, .int64), (.uint, .uint64), (.double, .float64),
             (.bool, .bool), (.uuid, .uuid), (.int128, .int128), (.uint128, .uint128):
            return true
        default:
            return false
        }
    }


    static func rank(_ v: EncodedValue, _ t: CHType) -> Int? {
        let u = t.unwrapped
        switch v {
        case .int, .uint, .int128, .uint128:
            if u.isInteger { return 0 }
            if case .decimal = u { return 1 }
            if u == .float64 || u == .float32 || u == .bfloat16 { return 2 }
            if u == .bool { return 3 }
            return nil
        case .double:
            if u == .float64 || u == .float32 || u == .bfloat16 { return 0 }
            if case .decimal = u { return 1 }
            return nil
        case .decimal:
            if case .decimal = u { return 0 }
            if u == .float64 || u == .float32 { return 1 }
            return nil
        case .bool:
            if u == .bool { return 0 }
            if u.isInteger { return 1 }
            return nil
        case .string:
            switch u {
            case .string: return 0
            case .fixedString: return 1
            case .enum8, .enum16: return 2
            case .uuid, .ipv4, .ipv6: return 3
            default: return nil
            }
        case .bytes:
            switch u {
            case .string: return 0
            case .fixedString: return 1
            case .array: return 2
            default: return nil
            }
        case .date:
            switch u {
            case .dateTime64: return 0
            case .dateTime: return 1
            case .date32: return 2
            case .date: return 3
            default: return nil
            }
        case .uuid:
            if u == .uuid { return 0 }
            if u == .string { return 1 }
            return nil
        case .duration:
            switch u {
            case .time64: return 0
            case .time: return 1
            case .interval: return 2
            default: return nil
            }
        case .array:
            switch u {
            case .array, .geo, .nested: return 0
            case .tuple: return 1
            case .map: return 2
            default: return nil
            }
        case .object:
            switch u {
            case .tuple: return 0
            case .map: return 1
            case .json: return 2
            default: return nil
            }
        case .null, .zero: return nil
        }
    }
}

/// The `Dynamic` type of a Swift value.
enum DynamicInference {
    enum Failure: Error { case mixed(String) }

    /// The scale for `Decimal` values of a column: the most fraction digits any of them has.
    static func decimalScale(_ values: [EncodedValue]) -> Int {
        var scale = 0
        func visit(_ v: EncodedValue) {
            switch v {
            case .decimal(let d):
                if let n = DecimalText.parse(d.description) { scale = max(scale, min(38, -n.exponent)) }
            case .array(let items): items.forEach(visit)
            case .object(let fields): fields.forEach { visit($0.value) }
            default: break
            }
        }
        values.forEach(visit)
        return scale
    }

    /// The type of `v` (`nil` for NULL).
    static func type(of v: EncodedValue, decimalScale: Int) throws -> CHType? {
        switch v {
        case .null, .zero: return nil
        case .bool: return .bool
        case .int: return .int64
        case .uint: return .uint64
        case .int128: return .int128
        case .uint128: return .uint128
        case .double: return .float64
        case .string, .bytes: return .string
        case .date: return .dateTime64(precision: 6, timezone: nil)
        case .uuid: return .uuid
        case .decimal: return .decimal(precision: 38, scale: decimalScale)
        case .duration: return .time64(precision: 9)
        case .array(let items):
            return .array(try common(items.map { try type(of: $0, decimalScale: decimalScale) }, nullable: items.contains { $0 == .null }))
        case .object(let fields):
            return .tuple(try fields.map { .init(name: $0.key, type: try type(of: $0.value, decimalScale: decimalScale) ?? .nullable(.nothing)) })
        }
    }

    /// The common type of array elements.
    static func common(_ types: [CHType?], nullable: Bool) throws -> CHType {
        let present = Array(Set(types.compactMap { $0 }))
        var t: CHType
        switch present.count {
        case 0: return nullable ? .nullable(.nothing) : .nothing
        case 1: t = present[0]
        default:
            let numeric: Set<CHType> = [.int64, .uint64, .float64]
            if present.allSatisfy({ numeric.contains($0) }) {
                t = present.contains(.float64) ? .float64 : .int64
            } else {
                throw Failure.mixed("array elements of different kinds (\(present.map(\.name).sorted().joined(separator: ", "))); use a Variant or Array(Dynamic) column")
            }
        }
        if nullable {
            switch t {
            case .array, .tuple, .map, .nullable: throw Failure.mixed("nil inside an array of \(t.name), which cannot be Nullable")
            default: t = .nullable(t)
            }
        }
        return t
    }
}

/// A Swift object as JSON paths: nested objects become dotted paths, `nil` members are left out.
enum JSONFlattening {
    static func flatten(_ fields: [EncodedValue.Field], prefix: String, into leaves: inout [(String, EncodedValue)]) {
        for f in fields {
            let path = prefix + f.key
            switch f.value {
            case .null, .zero: continue
            case .object(let nested) where !nested.isEmpty: flatten(nested, prefix: path + ".", into: &leaves)
            case .object: continue
            default: leaves.append((path, f.value))
            }
        }
    }
}
