/// Typed access to the top-level fields of one event line, throwing a ``Rejection`` that names
/// the field. Values are decoded from the line's bytes only when asked for; a key given twice
/// means its last value (as a JSON object would).
///
/// Holds a pointer into the line: use it only while the line's storage is alive (inside
/// ``EventValidator/validate(line:)``).
struct Fields {
    /// The whole line.
    let line: UnsafeBufferPointer<UInt8>
    let entries: [JSONField]

    init(line: UnsafeBufferPointer<UInt8>, entries: [JSONField]) {
        self.line = line
        self.entries = entries
    }

    static let maxIDBytes = 256

    /// The field named `key` (the last one when repeated).
    func find(_ key: StaticString) -> JSONField? {
        let name = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        var k = entries.count - 1
        while k >= 0 {
            let e = entries[k]
            if e.keyEscaped {
                if let decoded = try? JSONScanner.unescape(bytes(e.keyStart, e.keyEnd)), decoded.elementsEqual(name) { return e }
            } else if e.keyEnd - e.keyStart == name.count, bytes(e.keyStart, e.keyEnd).elementsEqual(name) {
                return e
            }
            k -= 1
        }
        return nil
    }

    func has(_ key: StaticString) -> Bool {
        guard let e = find(key) else { return false }
        return e.kind != .null
    }

    func string(_ key: StaticString) throws -> String {
        guard let v = try optionalString(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalString(_ key: StaticString, allowEmpty: Bool = false) throws -> String? {
        guard let e = find(key) else { return nil }
        switch e.kind {
        case .null: return nil
        case .string:
            let s = try text(e)
            if s.isEmpty && !allowEmpty { throw Rejection("field '\(key)' is empty") }
            if s.utf8.count > (allowEmpty ? 1 << 16 : Self.maxIDBytes) { throw Rejection("field '\(key)' is too long") }
            return s
        case .number:
            let n = raw(e)
            guard n.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw Rejection("field '\(key)' must be a string, got \(String(decoding: n, as: UTF8.self))") }
            return String(decoding: n, as: UTF8.self)
        default:
            throw Rejection("field '\(key)' must be a string, got \(Self.kind(e.kind))")
        }
    }

    func time(_ key: StaticString) throws -> Int64 {
        guard let v = try optionalTime(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalTime(_ key: StaticString) throws -> Int64? {
        guard let e = find(key) else { return nil }
        let ms: Int64?
        switch e.kind {
        case .null: return nil
        case .string:
            if e.escaped {
                ms = try JSONScanner.unescape(raw(e)).withUnsafeBufferPointer { Timestamp.parse(bytes: $0) }
            } else {
                ms = Timestamp.parse(bytes: raw(e))
            }
        case .number: ms = Int64(String(decoding: raw(e), as: UTF8.self))
        default: ms = nil
        }
        guard let ms else { throw Rejection("field '\(key)' is not a timestamp (ISO 8601 or epoch milliseconds)") }
        guard ms >= EventValidator.minTime, ms < EventValidator.maxTime else {
            throw Rejection("field '\(key)' is out of range (2000-01-01 to 2100-01-01)")
        }
        return ms
    }

    func optionalUInt(_ key: StaticString) throws -> UInt64? {
        guard let e = find(key) else { return nil }
        switch e.kind {
        case .null: return nil
        case .number:
            let n = String(decoding: raw(e), as: UTF8.self)
            guard let v = UInt64(n) else { throw Rejection("field '\(key)' must be a non-negative integer, got \(n)") }
            return v
        default: throw Rejection("field '\(key)' must be a non-negative integer, got \(Self.kind(e.kind))")
        }
    }

    func stringArray(_ key: StaticString) throws -> [String] {
        guard let e = find(key) else { return [] }
        switch e.kind {
        case .null: return []
        case .array: return try JSONScanner.strings(inArray: raw(e), field: "\(key)")
        default: throw Rejection("field '\(key)' must be an array of strings")
        }
    }

    /// A JSON object field (or a string that holds one), as JSON text.
    func json(_ key: StaticString) throws -> String {
        guard let e = find(key), e.kind != .null else { throw Rejection("missing field '\(key)'") }
        switch e.kind {
        case .object: return String(decoding: raw(e), as: UTF8.self)
        case .string:
            let s = try text(e)
            var copy = s
            guard copy.withUTF8({ JSONScanner.isObject($0) }) else { throw Rejection("field '\(key)' is a string but not a JSON object") }
            return s
        default: throw Rejection("field '\(key)' must be a JSON object, got \(Self.kind(e.kind))")
        }
    }

    /// A JSON array field as JSON text (`[]` when missing).
    func jsonArray(_ key: StaticString) throws -> String {
        guard let e = find(key) else { return "[]" }
        switch e.kind {
        case .null: return "[]"
        case .array: return String(decoding: raw(e), as: UTF8.self)
        default: throw Rejection("field '\(key)' must be a JSON array, got \(Self.kind(e.kind))")
        }
    }

    static func kind(_ k: JSONKind) -> String {
        switch k {
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

    private func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[start..<end])
    }

    /// The value's bytes as written (a string's content still escaped).
    private func raw(_ e: JSONField) -> UnsafeBufferPointer<UInt8> { bytes(e.valueStart, e.valueEnd) }

    /// A string value, unescaped.
    private func text(_ e: JSONField) throws -> String { try JSONScanner.decodeString(raw(e), escaped: e.escaped) }
}
