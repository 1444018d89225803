/// A `LowCardinality(T)` column: a dictionary of distinct values and one index per row.
///
/// For `LowCardinality(Nullable(T))` the dictionary holds plain `T` values and index 0 stands
/// for NULL.
public struct LowCardinalityColumn: Column {
    /// The declared inner type (`T` or `Nullable(T)`).
    public let innerType: CHType
    /// The distinct values (without the Nullable wrapper).
    public var dictionary: any Column
    /// Per row, the position of its value in ``dictionary``.
    public var indexes: [UInt32]

    public var type: CHType { .lowCardinality(innerType) }
    public var count: Int { indexes.count }

    /// Creates a column; throws when an index points outside the dictionary.
    public init(innerType: CHType, dictionary: any Column, indexes: [UInt32]) throws {
        let keyCount = UInt32(clamping: dictionary.count)
        if let bad = indexes.firstIndex(where: { $0 >= keyCount }) {
            throw ClickHouseError.invalidInput("LowCardinality index \(indexes[bad]) at row \(bad) is outside the dictionary of \(keyCount) values")
        }
        if innerType.isNullable, dictionary.count == 0, !indexes.isEmpty {
            throw ClickHouseError.invalidInput("LowCardinality(Nullable) dictionary needs a placeholder at index 0")
        }
        self.innerType = innerType
        self.dictionary = dictionary
        self.indexes = indexes
    }

    init(unchecked innerType: CHType, dictionary: any Column, indexes: [UInt32]) {
        self.innerType = innerType
        self.dictionary = dictionary
        self.indexes = indexes
    }

    /// A `LowCardinality(String)` (or `LowCardinality(Nullable(String))` when `nullable`)
    /// column built from strings; `nil` means NULL.
    public init(strings: [String?], nullable: Bool = false) throws {
        var dict = StringColumn()
        var positions: [String: UInt32] = [:]
        var idx = [UInt32]()
        idx.reserveCapacity(strings.count)
        if nullable { dict.append("") }
        for s in strings {
            guard let s else {
                guard nullable else { throw ClickHouseError.invalidInput("NULL in a non-nullable LowCardinality(String) column") }
                idx.append(0)
                continue
            }
            if let p = positions[s] { idx.append(p); continue }
            let p = UInt32(dict.count)
            dict.append(s)
            positions[s] = p
            idx.append(p)
        }
        self.init(unchecked: nullable ? .nullable(.string) : .string, dictionary: dict, indexes: idx)
    }

    public func isNull(at row: Int) -> Bool { innerType.isNullable && indexes[row] == 0 }

    public func value(at row: Int) -> CHValue {
        isNull(at: row) ? .null : dictionary.value(at: Int(indexes[row]))
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        if isNull(at: row) {
            out.append(style == .tabSeparated ? "\\N" : style == .json ? "null" : "NULL")
        } else {
            dictionary.writeText(at: Int(indexes[row]), to: &out, style: style)
        }
    }
}

/// LowCardinality serialization: a UInt64 version prefix (1, shared dictionaries with
/// additional keys), then per block the index width and flags, the keys, and the indexes.
final class LowCardinalityCodec: ColumnCodec {
    let type: CHType
    let innerType: CHType
    let keys: any ColumnCodec

    static let needGlobalDictionary: UInt64 = 1 << 8
    static let hasAdditionalKeys: UInt64 = 1 << 9
    static let needUpdateDictionary: UInt64 = 1 << 10

    init(type: CHType, inner: CHType) throws {
        self.type = type
        self.innerType = inner
        let keyType: CHType
        if case .nullable(let t) = inner { keyType = t } else { keyType = inner }
        self.keys = try makeCodec(for: keyType)
    }

    func readPrefix(_ r: ReadBuffer) throws {
        let version = try r.readLE(UInt64.self)
        guard version == 1 else {
            throw ClickHouseError.protocolViolation("\(type.name): unknown LowCardinality serialization version \(version)")
        }
    }

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        // Each group's keys are kept and joined once at the end: joining as they come costs the
        // whole dictionary again per group, quadratic in a stream of many small groups.
        var groups: [any Column] = []
        var keyTotal = 0
        var indexes = [UInt32]()
        indexes.reserveCapacity(min(rows, 1 << 20))
        while indexes.count < rows {
            let flags = try r.readLE(UInt64.self)
            guard flags & LowCardinalityCodec.needGlobalDictionary == 0 else {
                throw ClickHouseError.protocolViolation("\(type.name): global dictionaries are not used by clients")
            }
            guard flags & LowCardinalityCodec.hasAdditionalKeys != 0 else {
                throw ClickHouseError.protocolViolation("\(type.name): block without dictionary keys")
            }
            let keyCount = try readCount(r, what: "dictionary size")
            let newKeys = try keys.read(r, rows: keyCount, context: context)
            let groupRows = try readCount(r, what: "row count")
            guard groupRows <= rows - indexes.count else {
                throw ClickHouseError.protocolViolation("\(type.name): \(groupRows) indexes where \(rows - indexes.count) rows remain")
            }
            guard keyTotal + keyCount <= Int(UInt32.max) else {
                throw ClickHouseError.protocolViolation("\(type.name): more than \(UInt32.max) dictionary keys in one block")
            }
            try readIndexes(r, width: Int(flags & 0xFF), rows: groupRows, keyCount: keyCount, base: UInt32(keyTotal), into: &indexes)
            groups.append(newKeys)
            keyTotal += keyCount
        }
        let dict: any Column
        switch groups.count {
        case 0: dict = try keys.read(r, rows: 0, context: context)
        case 1: dict = groups[0]
        default: dict = try concatenate(groups, total: keyTotal, context: context)
        }
        return LowCardinalityColumn(unchecked: innerType, dictionary: dict, indexes: indexes)
    }

    private func readCount(_ r: ReadBuffer, what: String) throws -> Int {
        let v = try r.readLE(UInt64.self)
        guard v <= UInt64(1 << 40) else { throw ClickHouseError.protocolViolation("\(type.name): absurd \(what) \(v)") }
        return Int(v)
    }

    private func readIndexes(_ r: ReadBuffer, width: Int, rows: Int, keyCount: Int, base: UInt32, into out: inout [UInt32]) throws {
        func widen<T: FixedWidthInteger & BitwiseCopyable & Sendable>(_: T.Type) throws {
            let raw: [T] = try FixedWidthCodec<T>.readValues(r, rows: rows)
            var maxIndex: T = 0
            for v in raw { maxIndex = max(maxIndex, v) }
            guard rows == 0 || UInt64(maxIndex) < UInt64(keyCount) else {
                throw ClickHouseError.protocolViolation("\(type.name): index \(maxIndex) outside a dictionary of \(keyCount) keys")
            }
            out.append(contentsOf: raw.lazy.map { UInt32(truncatingIfNeeded: $0) &+ base })
        }
        switch width {
        case 0: try widen(UInt8.self)
        case 1: try widen(UInt16.self)
        case 2: try widen(UInt32.self)
        case 3: try widen(UInt64.self)
        default: throw ClickHouseError.protocolViolation("\(type.name): unknown index width code \(width)")
        }
    }

    /// Joins the key groups of one block into one dictionary, in one pass.
    private func concatenate(_ groups: [any Column], total: Int, context: DecodeContext) throws -> any Column {
        let w = WriteBuffer()
        for g in groups { try keys.write(g, to: w) }
        let r = ReadBuffer(bytes: w.bytes)
        return try keys.read(r, rows: total, context: context)
    }

    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {
        w.writeLE(UInt64(1))
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? LowCardinalityColumn else {
            throw ClickHouseError.invalidInput("expected a \(type.name) column, got \(column.type.name)")
        }
        if c.count == 0 { return }
        let n = c.dictionary.count
        let widthCode: UInt64 = n <= 0xFF ? 0 : n <= 0xFFFF ? 1 : 2
        // The flags the server itself writes: keys follow, and they replace any earlier dictionary.
        w.writeLE(widthCode | LowCardinalityCodec.hasAdditionalKeys | LowCardinalityCodec.needUpdateDictionary)
        w.writeLE(UInt64(n))
        try keys.write(c.dictionary, to: w)
        w.writeLE(UInt64(c.count))
        switch widthCode {
        case 0: for i in c.indexes { w.writeUInt8(UInt8(truncatingIfNeeded: i)) }
        case 1: for i in c.indexes { w.writeLE(UInt16(truncatingIfNeeded: i)) }
        default: c.indexes.withUnsafeBytes { w.write($0) }
        }
    }
}
