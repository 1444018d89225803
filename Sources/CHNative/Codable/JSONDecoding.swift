/// One row of a `JSON` column seen as an object: its non-NULL paths under `prefix`
/// (`""` for the whole value; `"b."` for the object at `b`).
struct JSONObjectView {
    let json: JSONColumn
    let cell: Cell
    let prefix: String

    /// Full path → the column and row holding it, for the row's non-NULL paths (typed,
    /// dynamic and shared-data paths).
    var members: [(String, any Column, Int)] {
        json.members(at: cell.row).filter { $0.0.hasPrefix(prefix) }
    }

    /// The distinct next path components under the prefix.
    var keys: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for (p, _, _) in members {
            let rest = p.dropFirst(prefix.count)
            let key = String(rest.prefix { $0 != "." })
            if seen.insert(key).inserted { out.append(key) }
        }
        return out
    }

    /// The leaf at `prefix + key`, if that exact path exists.
    func leaf(_ key: String) -> Cell? {
        let path = prefix + key
        return members.first { $0.0 == path }.map { cell.at($0.1, row: $0.2) }
    }

    /// Whether some path continues below `prefix + key`.
    func hasObject(_ key: String) -> Bool {
        let sub = prefix + key + "."
        return members.contains { $0.0.hasPrefix(sub) }
    }

    func object(_ key: String) -> JSONObjectView { JSONObjectView(json: json, cell: cell, prefix: prefix + key + ".") }
}

/// The paths of a JSON value as keys: leaves decode as values, dotted prefixes as nested
/// objects (`{"a": {"b": 1}}` has the path `a.b`, decoded by `struct { let a: struct { let b: Int } }`).
struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObjectView
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.leaf(key.stringValue) != nil || object.hasObject(key.stringValue) }

    private func decoder(_ key: Key) throws -> RowDecoding {
        if let leaf = object.leaf(key.stringValue) { return RowDecoding(cell: leaf, codingPath: codingPath + [key]) }
        if object.hasObject(key.stringValue) { return RowDecoding(object: object.object(key.stringValue), codingPath: codingPath + [key]) }
        throw DecodingError.keyNotFound(key, DecodingError.Context(
            codingPath: codingPath, debugDescription: "\(object.cell.site) has no JSON path '\(object.prefix + key.stringValue)'"))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let leaf = object.leaf(key.stringValue) else { return !object.hasObject(key.stringValue) }
        return leaf.isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if let leaf = object.leaf(key.stringValue) { return try decodeCell(type, leaf, path: codingPath + [key]) }
        return try T(from: try decoder(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { RowDecoding(object: object, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }
}
