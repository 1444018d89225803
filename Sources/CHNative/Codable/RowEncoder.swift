import Foundation

/// Takes `Encodable` values apart into ``EncodedValue`` trees: one object per row whose keys
/// are the column names. Foundation `Date`, `UUID`, `Decimal`, `Data` and `[UInt8]` are kept
/// whole (not encoded in their default shapes) so they can be stored in the matching columns.
struct RowEncoder {
    func encode<T: Encodable>(_ value: T) throws -> EncodedValue {
        try ValueEncoding.box(value, path: [])
    }
}

enum ValueEncoding {
    /// Encodes `value`, intercepting the types with a column representation of their own.
    static func box<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> EncodedValue {
        switch value {
        case let v as Date: return .date(v)
        case let v as UUID: return .uuid(v)
        case let v as Decimal: return .decimal(v)
        case let v as Duration: return .duration(v)
        case let v as Data: return .bytes([UInt8](v))
        // Exact type: an empty array of any element type also casts to [UInt8].
        case let v as [UInt8] where T.self == [UInt8].self: return .bytes(v)
        case let v as Int128: return .int128(v)
        case let v as UInt128: return .uint128(v)
        default:
            let encoder = RowEncoding(codingPath: path)
            try value.encode(to: encoder)
            return encoder.result
        }
    }
}

/// Where an encoder's container writes: a shared, growable node.
final class EncodingNode {
    enum Content {
        case empty
        case single(EncodedValue)
        case keyed([(String, EncodingNode)])
        case unkeyed([EncodingNode])
    }

    var content: Content = .empty

    init() {}
    init(_ value: EncodedValue) { content = .single(value) }

    var value: EncodedValue {
        switch content {
        case .empty: return .null
        case .single(let v): return v
        case .keyed(let fields): return .object(fields.map { EncodedValue.Field(key: $0.0, value: $0.1.value) })
        case .unkeyed(let items): return .array(items.map(\.value))
        }
    }

    func setKeyed(_ key: String, _ node: EncodingNode) {
        if case .keyed(var fields) = content {
            content = .empty
            if let i = fields.firstIndex(where: { $0.0 == key }) { fields[i].1 = node } else { fields.append((key, node)) }
            content = .keyed(fields)
        } else {
            content = .keyed([(key, node)])
        }
    }

    func append(_ node: EncodingNode) {
        if case .unkeyed(var items) = content {
            content = .empty
            items.append(node)
            content = .unkeyed(items)
        } else {
            content = .unkeyed([node])
        }
    }
}

final class RowEncoding: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let node: EncodingNode

    init(codingPath: [any CodingKey], node: EncodingNode = EncodingNode()) {
        self.codingPath = codingPath
        self.node = node
    }

    var result: EncodedValue { node.value }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.content {} else { node.content = .keyed([]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.string(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.double(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.double(Double(value)))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint(value))) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.int128(value))) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { node.setKeyed(key.stringValue, EncodingNode(.uint128(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setKeyed(key.stringValue, EncodingNode(try ValueEncoding.box(value, path: codingPath + [key])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.setKeyed(key.stringValue, child)
        return RowEncoding(codingPath: codingPath + [key], node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.setKeyed(key.stringValue, child)
        return RowEncoding(codingPath: codingPath + [key], node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.setKeyed("super", child)
        return RowEncoding(codingPath: codingPath + [NamedKey("super")], node: child)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        node.setKeyed(key.stringValue, child)
        return RowEncoding(codingPath: codingPath + [key], node: child)
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int {
        if case .unkeyed(let items) = node.content { return items.count }
        return 0
    }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { node.append(EncodingNode(.null)) }
    mutating func encode(_ value: Bool) throws { node.append(EncodingNode(.bool(value))) }
    mutating func encode(_ value: String) throws { node.append(EncodingNode(.string(value))) }
    mutating func encode(_ value: Double) throws { node.append(EncodingNode(.double(value))) }
    mutating func encode(_ value: Float) throws { node.append(EncodingNode(.double(Double(value)))) }
    mutating func encode(_ value: Int) throws { node.append(EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int8) throws { node.append(EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int16) throws { node.append(EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int32) throws { node.append(EncodingNode(.int(Int64(value)))) }
    mutating func encode(_ value: Int64) throws { node.append(EncodingNode(.int(value))) }
    mutating func encode(_ value: UInt) throws { node.append(EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt8) throws { node.append(EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt16) throws { node.append(EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt32) throws { node.append(EncodingNode(.uint(UInt64(value)))) }
    mutating func encode(_ value: UInt64) throws { node.append(EncodingNode(.uint(value))) }
    mutating func encode(_ value: Int128) throws { node.append(EncodingNode(.int128(value))) }
    mutating func encode(_ value: UInt128) throws { node.append(EncodingNode(.uint128(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(EncodingNode(try ValueEncoding.box(value, path: nextPath)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = EncodingNode()
        node.append(child)
        return RowEncoding(codingPath: path, node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = EncodingNode()
        node.append(child)
        return RowEncoding(codingPath: path, node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let child = EncodingNode()
        node.append(child)
        return RowEncoding(codingPath: path, node: child)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .single(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .single(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .single(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .single(.double(value)) }
    mutating func encode(_ value: Float) throws { node.content = .single(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.content = .single(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { node.content = .single(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { node.content = .single(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { node.content = .single(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { node.content = .single(.int(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .single(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { node.content = .single(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { node.content = .single(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { node.content = .single(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { node.content = .single(.uint(value)) }
    mutating func encode(_ value: Int128) throws { node.content = .single(.int128(value)) }
    mutating func encode(_ value: UInt128) throws { node.content = .single(.uint128(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = .single(try ValueEncoding.box(value, path: codingPath))
    }
}
