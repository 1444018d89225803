/// Typed access to the fields of an event line, throwing a ``Rejection`` that names the field.
struct Fields {
    let d: [String: FieldValue]
    /// The whole line, for derived ids.
    let line: [UInt8]

    init(_ d: [String: FieldValue], line: [UInt8]) {
        self.d = d
        self.line = line
    }

    static let maxIDBytes = 256

    func has(_ key: String) -> Bool {
        if case .some(.null) = d[key] { return false }
        return d[key] != nil
    }

    func string(_ key: String) throws -> String {
        guard let v = try optionalString(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalString(_ key: String, allowEmpty: Bool = false) throws -> String? {
        switch d[key] {
        case nil, .null?: return nil
        case .string(let s)?:
            if s.isEmpty && !allowEmpty { throw Rejection("field '\(key)' is empty") }
            if s.utf8.count > (allowEmpty ? 1 << 16 : Self.maxIDBytes) { throw Rejection("field '\(key)' is too long") }
            return s
        case .number(let n)?:
            guard n.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw Rejection("field '\(key)' must be a string, got \(n)") }
            return n
        case let other?:
            throw Rejection("field '\(key)' must be a string, got \(Self.kind(other))")
        }
    }

    func time(_ key: String) throws -> Int64 {
        guard let v = try optionalTime(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalTime(_ key: String) throws -> Int64? {
        let ms: Int64?
        switch d[key] {
        case nil, .null?: return nil
        case .string(let s)?: ms = Timestamp.parse(s)
        case .number(let n)?: ms = Int64(n)
        case .some: ms = nil
        }
        guard let ms else { throw Rejection("field '\(key)' is not a timestamp (ISO 8601 or epoch milliseconds)") }
        guard ms >= EventValidator.minTime, ms < EventValidator.maxTime else {
            throw Rejection("field '\(key)' is out of range (2000-01-01 to 2100-01-01)")
        }
        return ms
    }

    func optionalUInt(_ key: String) throws -> UInt64? {
        switch d[key] {
        case nil, .null?: return nil
        case .number(let n)?:
            guard let v = UInt64(n) else { throw Rejection("field '\(key)' must be a non-negative integer, got \(n)") }
            return v
        case let other?: throw Rejection("field '\(key)' must be a non-negative integer, got \(Self.kind(other))")
        }
    }

    func stringArray(_ key: String) throws -> [String] {
        switch d[key] {
        case nil, .null?: return []
        case .array(let raw)?: return try JSONScanner.strings(inArray: raw, field: key)
        case .some: throw Rejection("field '\(key)' must be an array of strings")
        }
    }

    /// A JSON object field (or a string that holds one), as JSON text.
    func json(_ key: String) throws -> String {
        switch d[key] {
        case nil, .null?: throw Rejection("missing field '\(key)'")
        case .object(let raw)?: return raw
        case .string(let s)?:
            guard JSONScanner.isObject(s) else { throw Rejection("field '\(key)' is a string but not a JSON object") }
            return s
        case let other?: throw Rejection("field '\(key)' must be a JSON object, got \(Self.kind(other))")
        }
    }

    /// A JSON array field as JSON text (`[]` when missing).
    func jsonArray(_ key: String) throws -> String {
        switch d[key] {
        case nil, .null?: return "[]"
        case .array(let raw)?: return raw
        case let other?: throw Rejection("field '\(key)' must be a JSON array, got \(Self.kind(other))")
        }
    }

    static func kind(_ v: FieldValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .object: return "an object"
        case .array: return "an array"
        }
    }

    /// A deterministic id from the line's bytes, so a replayed event keeps its id.
    func derivedID() -> String { StableHash.uuidString(line) }
}
