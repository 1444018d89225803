import Foundation

/// One value inside a block: a column, a row of it, and where it came from (for errors).
struct Cell {
    let column: any Column
    let row: Int
    /// The top-level column's name.
    let columnName: String
    /// The row number in the result (across blocks).
    let rowNumber: Int

    func at(_ column: any Column, row: Int) -> Cell {
        Cell(column: column, row: row, columnName: columnName, rowNumber: rowNumber)
    }

    var isNull: Bool { column.isNull(at: row) }

    /// The value with `Nullable`/`LowCardinality` wrappers removed (nil when NULL), so
    /// composite columns can be read as containers.
    func unwrapped() -> Cell? {
        var c: any Column = column
        var r = row
        while true {
            if c.isNull(at: r) { return nil }
            if let n = c as? NullableColumn {
                c = n.nested
            } else if let lc = c as? LowCardinalityColumn {
                r = Int(lc.indexes[r])
                c = lc.dictionary
            } else if let v = c as? VariantColumn {
                // The row's own variant (not NULL: checked above).
                let d = Int(v.discriminators[r])
                r = Int(v.positions[r])
                c = v.variants[d]
            } else if let d = c as? DynamicColumn {
                // The typed variant's column, or the decoded shared value's one-row column.
                guard let (sc, sr) = d.storage(at: r) else { return nil }
                c = sc
                r = sr
            } else if let s = c as? JSONStringColumn, let object = s.object(at: r) {
                // A JSON text read as the object it describes.
                c = object
                r = 0
            } else {
                return at(c, row: r)
            }
        }
    }

    /// "column 'x' row 3 (Nullable(Int32))", for error messages.
    var site: String { "column '\(columnName)' row \(rowNumber) (\(column.type.name))" }
}

/// The `Decoder` for one row (top level) or one value inside a row.
final class RowDecoding: Decoder {
    enum Location {
        case row(Block, Int)
        case cell(Cell)
        /// The paths of a JSON value under a dotted prefix, as a nested object.
        case jsonObject(JSONObjectView)
    }

    let location: Location
    let rowNumber: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(block: Block, row: Int, rowNumber: Int) {
        location = .row(block, row)
        self.rowNumber = rowNumber
        codingPath = []
    }

    init(cell: Cell, codingPath: [any CodingKey]) {
        location = .cell(cell)
        rowNumber = cell.rowNumber
        self.codingPath = codingPath
    }

    init(object: JSONObjectView, codingPath: [any CodingKey]) {
        location = .jsonObject(object)
        rowNumber = object.cell.rowNumber
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch location {
        case .row(let block, let row):
            return KeyedDecodingContainer(RowKeyedContainer<Key>(block: block, row: row, rowNumber: rowNumber, codingPath: codingPath))
        case .cell(let cell):
            guard let c = cell.unwrapped() else { throw CellDecodingErrors.null(cell, expected: "a keyed value (struct or dictionary)", path: codingPath) }
            if let tuple = c.column as? TupleColumn {
                return KeyedDecodingContainer(try TupleKeyedContainer<Key>(tuple: tuple, cell: c, codingPath: codingPath))
            }
            if let map = c.column as? MapColumn {
                return KeyedDecodingContainer(MapKeyedContainer<Key>(map: map, cell: c, codingPath: codingPath))
            }
            if let json = c.column as? JSONColumn {
                return KeyedDecodingContainer(JSONKeyedContainer<Key>(object: JSONObjectView(json: json, cell: c, prefix: ""), codingPath: codingPath))
            }
            throw DecodingError.typeMismatch([String: Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(cell.site) cannot be decoded as a struct or dictionary: it is not a Tuple, Map or JSON"))
        case .jsonObject(let object):
            return KeyedDecodingContainer(JSONKeyedContainer<Key>(object: object, codingPath: codingPath))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch location {
        case .row(let block, let row):
            throw DecodingError.typeMismatch([Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "row \(rowNumber) (\(block.names.joined(separator: ", "))) of row \(row) cannot be decoded as an array; decode a struct whose properties name the columns"))
        case .cell(let cell):
            guard let c = cell.unwrapped() else { throw CellDecodingErrors.null(cell, expected: "an array", path: codingPath) }
            return try CellUnkeyedContainer(cell: c, codingPath: codingPath)
        case .jsonObject(let object):
            throw DecodingError.typeMismatch([Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(object.cell.site): the JSON paths under '\(object.prefix)' form an object, not an array"))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        switch location {
        case .row(let block, let row):
            // A result with a single column decodes as a plain value per row.
            guard block.columnCount == 1 else {
                throw DecodingError.typeMismatch(Any.self, DecodingError.Context(
                    codingPath: codingPath, debugDescription: "row \(rowNumber) has \(block.columnCount) columns (\(block.names.joined(separator: ", "))); only a one-column result decodes as a single value"))
            }
            return CellSingleValueContainer(cell: Cell(column: block.columns[0], row: row, columnName: block.names[0], rowNumber: rowNumber), codingPath: codingPath)
        case .cell(let cell):
            return CellSingleValueContainer(cell: cell, codingPath: codingPath)
        case .jsonObject(let object):
            throw DecodingError.typeMismatch(Any.self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(object.cell.site): the JSON paths under '\(object.prefix)' form an object, not a single value"))
        }
    }
}

enum CellDecodingErrors {
    static func null(_ cell: Cell, expected: String, path: [any CodingKey]) -> DecodingError {
        DecodingError.valueNotFound(Any.self, DecodingError.Context(
            codingPath: path, debugDescription: "\(cell.site) is NULL where \(expected) is expected; use an Optional"))
    }
}

/// An index key for unkeyed containers' coding paths.
struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "Index \(i)" }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

/// A key with a fixed name.
struct NamedKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Decodes one cell as `T`, handling the Foundation types and wide integers that need the
/// column's own representation rather than their default `Decodable` shape.
func decodeCell<T: Decodable>(_ type: T.Type, _ cell: Cell, path: [any CodingKey]) throws -> T {
    if let special = try ScalarDecoding.special(type, cell, path: path) { return special }
    return try T(from: RowDecoding(cell: cell, codingPath: path))
}

/// The columns of one row, by name.
struct RowKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let block: Block
    let row: Int
    let rowNumber: Int
    let codingPath: [any CodingKey]

    var allKeys: [Key] { block.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { block.names.contains(key.stringValue) }

    private func cell(_ key: Key) throws -> Cell {
        guard let i = block.names.firstIndex(of: key.stringValue) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "row \(rowNumber): the result has no column '\(key.stringValue)' (columns: \(block.names.joined(separator: ", ")))"))
        }
        return Cell(column: block.columns[i], row: row, columnName: key.stringValue, rowNumber: rowNumber)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try cell(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeCell(type, try cell(key), path: codingPath + [key])
    }

    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try ScalarDecoding.int128(try cell(key), path: codingPath + [key]) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try ScalarDecoding.uint128(try cell(key), path: codingPath + [key]) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try RowDecoding(cell: try cell(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try RowDecoding(cell: try cell(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw DecodingError.typeMismatch(Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "rows have no super decoder"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoding(cell: try cell(key), codingPath: codingPath + [key]) }
}

/// The elements of a named tuple, by element name.
struct TupleKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let tuple: TupleColumn
    let cell: Cell
    let names: [String]
    let codingPath: [any CodingKey]

    init(tuple: TupleColumn, cell: Cell, codingPath: [any CodingKey]) throws {
        guard case .tuple(let elements) = tuple.type else {
            throw DecodingError.typeMismatch([String: Any].self, DecodingError.Context(codingPath: codingPath, debugDescription: "\(cell.site) is not a tuple"))
        }
        // Unnamed tuples are keyed by position ("0", "1", ...).
        names = elements.enumerated().map { $1.name ?? String($0) }
        self.tuple = tuple
        self.cell = cell
        self.codingPath = codingPath
    }

    var allKeys: [Key] { names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { names.contains(key.stringValue) }

    private func element(_ key: Key) throws -> Cell {
        guard let i = names.firstIndex(of: key.stringValue) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(cell.site) has no tuple element '\(key.stringValue)' (elements: \(names.joined(separator: ", ")))"))
        }
        return cell.at(tuple.elements[i], row: cell.row)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try element(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeCell(type, try element(key), path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try RowDecoding(cell: try element(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try RowDecoding(cell: try element(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { RowDecoding(cell: cell, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoding(cell: try element(key), codingPath: codingPath + [key]) }
}

/// The entries of one map row, keyed by the keys' text (how `Dictionary<String, V>` and
/// `Dictionary<Int, V>` decode).
struct MapKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let map: MapColumn
    let cell: Cell
    let codingPath: [any CodingKey]
    let keyTexts: [(String, Int)]

    init(map: MapColumn, cell: Cell, codingPath: [any CodingKey]) {
        self.map = map
        self.cell = cell
        self.codingPath = codingPath
        keyTexts = map.range(at: cell.row).map { i in
            var out = TextOutput()
            map.keys.writeText(at: i, to: &out, style: .tabSeparated)
            return (String(decoding: out.bytes, as: UTF8.self), i)
        }
    }

    var allKeys: [Key] { keyTexts.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool { keyTexts.contains { $0.0 == key.stringValue } }

    private func value(_ key: Key) throws -> Cell {
        // The last entry wins, as for duplicate keys in ClickHouse's map lookups.
        guard let entry = keyTexts.last(where: { $0.0 == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "\(cell.site) has no map key '\(key.stringValue)'"))
        }
        return cell.at(map.values, row: entry.1)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeCell(type, try value(key), path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try RowDecoding(cell: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try RowDecoding(cell: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { RowDecoding(cell: cell, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoding(cell: try value(key), codingPath: codingPath + [key]) }
}

/// The elements of an array row, the elements of a tuple, or a map's keys and values
/// alternating (how dictionaries with other key types decode).
struct CellUnkeyedContainer: UnkeyedDecodingContainer {
    let cell: Cell
    let items: [Cell]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(cell: Cell, codingPath: [any CodingKey]) throws {
        self.cell = cell
        self.codingPath = codingPath
        if let a = cell.column as? ArrayColumn {
            items = a.range(at: cell.row).map { cell.at(a.elements, row: $0) }
        } else if let t = cell.column as? TupleColumn {
            items = t.elements.map { cell.at($0, row: cell.row) }
        } else if let m = cell.column as? MapColumn {
            items = m.range(at: cell.row).flatMap { [cell.at(m.keys, row: $0), cell.at(m.values, row: $0)] }
        } else {
            throw DecodingError.typeMismatch([Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "\(cell.site) cannot be decoded as an array: it is not an Array, Tuple or Map"))
        }
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (Cell, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, DecodingError.Context(
                codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "\(cell.site) has only \(items.count) elements"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if items[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (c, path) = try next()
        return try decodeCell(type, c, path: path)
    }

    mutating func decode(_ type: Int128.Type) throws -> Int128 {
        let (c, path) = try next()
        return try ScalarDecoding.int128(c, path: path)
    }

    mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
        let (c, path) = try next()
        return try ScalarDecoding.uint128(c, path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (c, path) = try next()
        return try RowDecoding(cell: c, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (c, path) = try next()
        return try RowDecoding(cell: c, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (c, path) = try next()
        return RowDecoding(cell: c, codingPath: path)
    }
}

/// A scalar value.
struct CellSingleValueContainer: SingleValueDecodingContainer {
    let cell: Cell
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { cell.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try ScalarDecoding.bool(cell, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try ScalarDecoding.string(cell, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try ScalarDecoding.double(cell, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try ScalarDecoding.float(cell, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try ScalarDecoding.integer(type, cell, path: codingPath) }
    func decode(_ type: Int128.Type) throws -> Int128 { try ScalarDecoding.int128(cell, path: codingPath) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try ScalarDecoding.uint128(cell, path: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeCell(type, cell, path: codingPath) }
}
