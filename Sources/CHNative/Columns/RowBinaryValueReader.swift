/// One value of a `Dynamic` that travels in binary form (in the `SharedVariant` of a Dynamic
/// column, in a JSON column's shared data, or nested in such a value): its type and the column
/// and row holding it (values of one type in one block share a column), which prints, boxes and
/// decodes like any column of that type.
public struct DynamicSharedValue: Sendable {
    /// The value's type, from its binary type encoding.
    public let type: CHType
    /// A column of `type` holding the value at ``row``.
    public let column: any Column
    /// The value's row in ``column``.
    public let row: Int

    init(type: CHType, column: any Column, row: Int = 0) {
        self.type = type
        self.column = column
        self.row = row
    }
}

/// Decodes the entries of a shared variant or of JSON shared data: binary type + RowBinary
/// value each, values of the same type accumulated into one column.
enum SharedValueBatch {
    static func decode(_ raw: StringColumn, context: DecodeContext, what: (Int) -> String) throws -> [DynamicSharedValue?] {
        let r = ReadBuffer(capacity: 256)
        var groups: [(type: CHType, values: any RowBinaryAccumulator, count: Int)] = []
        var index: [CHType: Int] = [:]
        var entries: [(group: Int, row: Int)?] = []
        entries.reserveCapacity(raw.count)
        var lastGroup: Int?
        for i in 0..<raw.count {
            try raw.withBytes(at: i) { bytes in
                r.clear()
                do {
                    try r.append(bytes)
                    let type = try BinaryTypeDecoder.decode(r)
                    if type == .nothing {
                        entries.append(nil)
                    } else {
                        let g: Int
                        if let last = lastGroup, groups[last].type == type {
                            // Runs of one type are the common case: no hashing.
                            g = last
                        } else if let known = index[type] {
                            g = known
                        } else {
                            g = groups.count
                            groups.append((type, try RowBinaryValueReader.makeAccumulator(for: type, context: context, depth: 1), 0))
                            index[type] = g
                        }
                        lastGroup = g
                        try groups[g].values.readOne(r)
                        entries.append((g, groups[g].count))
                        groups[g].count += 1
                    }
                    guard r.available == 0 else {
                        throw ClickHouseError.protocolViolation("\(r.available) bytes left over after the value")
                    }
                } catch {
                    throw RowBinaryValueReader.named(error, what(i))
                }
            }
        }
        let columns = try groups.map { try $0.values.finish() }
        return entries.map { e in e.map { DynamicSharedValue(type: groups[$0.group].type, column: columns[$0.group], row: $0.row) } }
    }
}

/// Reads values in ClickHouse's `RowBinary` format into columns. `RowBinary` equals the
/// native layout for fixed-width types and strings, but differs for composites: `Nullable` is
/// a flag byte then the value, `Array`/`Map` a varint length then the items, `LowCardinality`
/// just the inner value, `Variant` a discriminator byte then the value, `Dynamic` a binary
/// type then the value, `JSON` a varint path count then (path, value) pairs.
enum RowBinaryValueReader {
    /// Reads one `Dynamic` value: a binary type, then the value of that type (`Nothing` = NULL).
    static func readDynamic(_ r: ReadBuffer, context: DecodeContext, depth: Int = 0) throws -> DynamicSharedValue? {
        let type = try BinaryTypeDecoder.decode(r, depth: depth)
        if type == .nothing { return nil }
        let acc = try makeAccumulator(for: type, context: context, depth: depth + 1)
        try acc.readOne(r)
        return DynamicSharedValue(type: type, column: try acc.finish())
    }

    /// Decodes the binary value `bytes` (the whole of one shared-variant or shared-data
    /// entry); throws naming `what` when it is malformed or has bytes left over.
    static func decodeDynamic(_ bytes: UnsafeRawBufferPointer, context: DecodeContext, what: @autoclosure () -> String) throws -> DynamicSharedValue? {
        let r = ReadBuffer(bytes: bytes)
        do {
            let v = try readDynamic(r, context: context)
            guard r.available == 0 else {
                throw ClickHouseError.protocolViolation("\(r.available) bytes left over after the value")
            }
            return v
        } catch {
            throw named(error, what())
        }
    }

    /// `error` with `what` (which value) in front: unsupported types stay unsupported, anything
    /// else is a malformed value.
    static func named(_ error: any Error, _ what: String) -> ClickHouseError {
        if case ClickHouseError.unsupportedType(let m) = error { return .unsupportedType("\(what): \(m)") }
        return .protocolViolation("\(what): malformed binary value (\(error))")
    }

    /// A count of items: items take at least one byte each unless their type has no bytes
    /// (`Nothing`, empty tuples), so a count beyond the bytes left (and beyond 65536) is corrupt.
    static func readCount(_ r: ReadBuffer, what: @autoclosure () -> String) throws -> Int {
        let n = try r.readLength(limit: 1 << 30, what: what())
        guard n <= max(r.available, 1 << 16) else {
            throw ClickHouseError.protocolViolation("\(what()) \(n) exceeds the \(r.available) bytes of the value")
        }
        return n
    }

    static func makeAccumulator(for type: CHType, context: DecodeContext, depth: Int) throws -> any RowBinaryAccumulator {
        guard depth < BinaryTypeDecoder.maximumDepth else {
            throw ClickHouseError.protocolViolation("RowBinary value nested deeper than \(BinaryTypeDecoder.maximumDepth) levels")
        }
        let d = depth + 1
        switch type {
        case .string: return StringAccumulator()
        case .fixedString(let n): return FixedStringAccumulator(width: n)
        case .nothing: return NothingAccumulator()
        case .nullable(let inner): return NullableAccumulator(nested: try makeAccumulator(for: inner, context: context, depth: d))
        case .array(let inner): return ArrayAccumulator(nested: try makeAccumulator(for: inner, context: context, depth: d))
        case .map(let k, let v):
            return MapAccumulator(keys: try makeAccumulator(for: k, context: context, depth: d),
                                  values: try makeAccumulator(for: v, context: context, depth: d))
        case .tuple(let elements):
            return TupleAccumulator(type: type, elements: try elements.map { try makeAccumulator(for: $0.type, context: context, depth: d) })
        case .lowCardinality(let inner):
            let key = inner.isNullable ? inner.unwrapped : inner
            return LowCardinalityAccumulator(inner: inner, keys: try makeAccumulator(for: key, context: context, depth: d))
        case .variant(let types):
            return VariantAccumulator(type: type, members: try types.map { try makeAccumulator(for: $0, context: context, depth: d) })
        case .dynamic: return DynamicAccumulator(type: type, context: context, depth: d)
        case .json(let spec): return try JSONAccumulator(type: type, spec: spec, context: context, depth: d)
        default:
            // An alias (geo types, Nested, SimpleAggregateFunction, Geometry): its structure.
            let wire = type.wireType
            if wire != type { return try makeAccumulator(for: wire, context: context, depth: depth) }
            guard type.isPlainFixedWidth, let width = type.fixedWidth else {
                throw ClickHouseError.unsupportedType("CHNative cannot decode RowBinary values of type \(type.name)")
            }
            return FixedAccumulator(type: type, width: width, context: context)
        }
    }
}

/// Collects `RowBinary` values of one type, one at a time, into a column.
protocol RowBinaryAccumulator: AnyObject {
    /// Reads one value.
    func readOne(_ r: ReadBuffer) throws
    /// Adds the type's default value (under a NULL or a missing path).
    func appendDefault()
    /// The column of the values read so far.
    func finish() throws -> any Column
}

extension ReadBuffer {
    /// The bytes between `start` and the current read position (the buffer must hold them,
    /// as one made from bytes does).
    func bytes(since start: Int) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: storage + start, count: readIndex - start))
    }
}

final class FixedAccumulator: RowBinaryAccumulator {
    let type: CHType
    let width: Int
    let context: DecodeContext
    var bytes: [UInt8] = []
    var count = 0

    init(type: CHType, width: Int, context: DecodeContext) {
        self.type = type
        self.width = width
        self.context = context
    }

    func readOne(_ r: ReadBuffer) throws {
        try r.ensure(width)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: r.readPointer, count: width))
        r.readIndex += width
        count += 1
    }

    func appendDefault() {
        bytes.append(contentsOf: repeatElement(0, count: width))
        count += 1
    }

    func finish() throws -> any Column {
        try makeCodec(for: type).read(ReadBuffer(bytes: bytes), rows: count, context: context)
    }
}

final class StringAccumulator: RowBinaryAccumulator {
    var column = StringColumn()

    func readOne(_ r: ReadBuffer) throws {
        let n = try r.readLength(what: "string length")
        try r.ensure(n)
        column.append(bytes: UnsafeRawBufferPointer(start: r.readPointer, count: n))
        r.readIndex += n
    }

    func appendDefault() { column.append(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }
    func finish() throws -> any Column { column }
}

final class FixedStringAccumulator: RowBinaryAccumulator {
    let width: Int
    var data: [UInt8] = []

    init(width: Int) { self.width = width }

    func readOne(_ r: ReadBuffer) throws { data.append(contentsOf: try r.readBytes(count: width)) }
    func appendDefault() { data.append(contentsOf: repeatElement(0, count: width)) }
    func finish() throws -> any Column { FixedStringColumn(width: width, data: data) }
}

final class NothingAccumulator: RowBinaryAccumulator {
    var count = 0
    func readOne(_ r: ReadBuffer) throws { count += 1 }
    func appendDefault() { count += 1 }
    func finish() throws -> any Column { NothingColumn(count: count) }
}

final class NullableAccumulator: RowBinaryAccumulator {
    let nested: any RowBinaryAccumulator
    var nulls: [UInt8] = []

    init(nested: any RowBinaryAccumulator) { self.nested = nested }

    func readOne(_ r: ReadBuffer) throws {
        if try r.readUInt8() != 0 {
            nulls.append(1)
            nested.appendDefault()
        } else {
            nulls.append(0)
            try nested.readOne(r)
        }
    }

    func appendDefault() {
        nulls.append(1)
        nested.appendDefault()
    }

    func finish() throws -> any Column { NullableColumn(unchecked: nulls, nested: try nested.finish()) }
}

final class ArrayAccumulator: RowBinaryAccumulator {
    let nested: any RowBinaryAccumulator
    var offsets: [UInt64] = []
    var total: UInt64 = 0

    init(nested: any RowBinaryAccumulator) { self.nested = nested }

    func readOne(_ r: ReadBuffer) throws {
        let n = try RowBinaryValueReader.readCount(r, what: "RowBinary array length")
        for _ in 0..<n { try nested.readOne(r) }
        total += UInt64(n)
        offsets.append(total)
    }

    func appendDefault() { offsets.append(total) }
    func finish() throws -> any Column { ArrayColumn(unchecked: offsets, elements: try nested.finish()) }
}

final class MapAccumulator: RowBinaryAccumulator {
    let keys: any RowBinaryAccumulator
    let values: any RowBinaryAccumulator
    var offsets: [UInt64] = []
    var total: UInt64 = 0

    init(keys: any RowBinaryAccumulator, values: any RowBinaryAccumulator) {
        self.keys = keys
        self.values = values
    }

    func readOne(_ r: ReadBuffer) throws {
        let n = try RowBinaryValueReader.readCount(r, what: "RowBinary map size")
        for _ in 0..<n {
            try keys.readOne(r)
            try values.readOne(r)
        }
        total += UInt64(n)
        offsets.append(total)
    }

    func appendDefault() { offsets.append(total) }
    func finish() throws -> any Column {
        MapColumn(unchecked: offsets, keys: try keys.finish(), values: try values.finish())
    }
}

final class TupleAccumulator: RowBinaryAccumulator {
    let type: CHType
    let elements: [any RowBinaryAccumulator]

    init(type: CHType, elements: [any RowBinaryAccumulator]) {
        self.type = type
        self.elements = elements
    }

    /// Rows read so far: an empty `Tuple()` has no element to count them (RowBinary writes no byte for it).
    private var rows = 0

    func readOne(_ r: ReadBuffer) throws {
        for e in elements { try e.readOne(r) }
        rows += 1
    }
    func appendDefault() {
        for e in elements { e.appendDefault() }
        rows += 1
    }
    func finish() throws -> any Column { TupleColumn(unchecked: type, elements: try elements.map { try $0.finish() }, rows: rows) }
}

/// `LowCardinality(T)`: the plain value (`Nullable(T)`'s flag and value when nullable); the
/// dictionary holds every value in row order (index 0 the NULL placeholder when nullable).
final class LowCardinalityAccumulator: RowBinaryAccumulator {
    let inner: CHType
    let keys: any RowBinaryAccumulator
    var indexes: [UInt32] = []
    var keyCount: UInt32 = 0

    init(inner: CHType, keys: any RowBinaryAccumulator) {
        self.inner = inner
        self.keys = keys
        if inner.isNullable {
            keys.appendDefault()
            keyCount = 1
        }
    }

    func readOne(_ r: ReadBuffer) throws {
        if inner.isNullable, try r.readUInt8() != 0 {
            indexes.append(0)
            return
        }
        try keys.readOne(r)
        indexes.append(keyCount)
        keyCount += 1
    }

    func appendDefault() {
        if inner.isNullable {
            indexes.append(0)
        } else {
            keys.appendDefault()
            indexes.append(keyCount)
            keyCount += 1
        }
    }

    func finish() throws -> any Column {
        LowCardinalityColumn(unchecked: inner, dictionary: try keys.finish(), indexes: indexes)
    }
}

final class VariantAccumulator: RowBinaryAccumulator {
    let type: CHType
    let members: [any RowBinaryAccumulator]
    var discriminators: [UInt8] = []

    init(type: CHType, members: [any RowBinaryAccumulator]) {
        self.type = type
        self.members = members
    }

    func readOne(_ r: ReadBuffer) throws {
        let d = try r.readUInt8()
        if d != VariantColumn.nullDiscriminator {
            guard Int(d) < members.count else {
                throw ClickHouseError.protocolViolation("\(type.name): RowBinary discriminator \(d) but only \(members.count) variants")
            }
            try members[Int(d)].readOne(r)
        }
        discriminators.append(d)
    }

    func appendDefault() { discriminators.append(VariantColumn.nullDiscriminator) }

    func finish() throws -> any Column {
        try VariantColumn(type: type, discriminators: discriminators, variants: try members.map { try $0.finish() })
    }
}

/// A `Dynamic` inside a binary value: every value goes to the column's shared variant, kept
/// both raw (so the column re-encodes byte for byte) and decoded.
final class DynamicAccumulator: RowBinaryAccumulator {
    let type: CHType
    let context: DecodeContext
    let depth: Int
    var raw = StringColumn()
    var values: [DynamicSharedValue?] = []
    var discriminators: [UInt8] = []

    init(type: CHType, context: DecodeContext, depth: Int) {
        self.type = type
        self.context = context
        self.depth = depth
    }

    func readOne(_ r: ReadBuffer) throws {
        let start = r.readIndex
        guard let v = try RowBinaryValueReader.readDynamic(r, context: context, depth: depth) else {
            discriminators.append(VariantColumn.nullDiscriminator)
            return
        }
        let bytes = r.bytes(since: start)
        bytes.withUnsafeBytes { raw.append(bytes: $0) }
        values.append(v)
        discriminators.append(0)
    }

    func appendDefault() { discriminators.append(VariantColumn.nullDiscriminator) }

    func finish() throws -> any Column {
        let variant = try VariantColumn(type: .variant([.string]), discriminators: discriminators, variants: [raw])
        var maxTypes = 32
        if case .dynamic(let m?) = type { maxTypes = m }
        return DynamicColumn(type: type, maxTypes: maxTypes, typeNames: [], variant: variant, variantTypes: [.string],
                             sharedDiscriminator: 0, sharedValues: values)
    }
}

/// A `JSON` inside a binary value: typed paths into their columns, every other path into the
/// column's shared data (sorted by path per row, as the server keeps it).
final class JSONAccumulator: RowBinaryAccumulator {
    let type: CHType
    let spec: JSONSpec
    let context: DecodeContext
    let depth: Int
    let typed: [any RowBinaryAccumulator]
    let typedIndex: [String: Int]
    var shared = JSONSharedData()
    var count = 0

    init(type: CHType, spec: JSONSpec, context: DecodeContext, depth: Int) throws {
        self.type = type
        self.spec = spec
        self.context = context
        self.depth = depth
        typed = try spec.typedPaths.map { try RowBinaryValueReader.makeAccumulator(for: $0.type, context: context, depth: depth) }
        typedIndex = Dictionary(spec.typedPaths.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func readOne(_ r: ReadBuffer) throws {
        let n = try RowBinaryValueReader.readCount(r, what: "RowBinary JSON path count")
        var seen = [Bool](repeating: false, count: typed.count)
        var entries: [(path: [UInt8], raw: [UInt8], value: DynamicSharedValue?)] = []
        for _ in 0..<n {
            let path = try r.readBytes()
            if let i = typedIndex[String(decoding: path, as: UTF8.self)] {
                guard !seen[i] else { throw ClickHouseError.protocolViolation("\(type.name): typed path appears twice in a RowBinary value") }
                seen[i] = true
                try typed[i].readOne(r)
                continue
            }
            let start = r.readIndex
            let v = try RowBinaryValueReader.readDynamic(r, context: context, depth: depth)
            entries.append((path, r.bytes(since: start), v))
        }
        for (i, s) in seen.enumerated() where !s { typed[i].appendDefault() }
        entries.sort { $0.path.lexicographicallyPrecedes($1.path) }
        for e in entries where e.value != nil { shared.append(path: e.path, raw: e.raw, value: e.value) }
        shared.endRow()
        count += 1
    }

    func appendDefault() {
        for t in typed { t.appendDefault() }
        shared.endRow()
        count += 1
    }

    func finish() throws -> any Column {
        JSONColumn(type: type, typedPaths: spec.typedPaths.map(\.path), typedColumns: try typed.map { try $0.finish() },
                   dynamicPaths: [], dynamicColumns: [], maxDynamicPaths: spec.maxDynamicPaths ?? 1024, count: count,
                   shared: shared)
    }
}
