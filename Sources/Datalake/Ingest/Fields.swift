import Foundation

/// Typed access to the fields of a JSON object, throwing a ``Rejection`` that names the field.
struct Fields {
    let d: [String: Any]
    init(_ d: [String: Any]) { self.d = d }

    static let maxIDBytes = 256

    func string(_ key: String) throws -> String {
        guard let v = try optionalString(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalString(_ key: String, allowEmpty: Bool = false) throws -> String? {
        guard let raw = d[key], !(raw is NSNull) else { return nil }
        if let s = raw as? String {
            if s.isEmpty && !allowEmpty { throw Rejection("field '\(key)' is empty") }
            if s.utf8.count > (allowEmpty ? 1 << 16 : Self.maxIDBytes) { throw Rejection("field '\(key)' is too long") }
            return s
        }
        if let n = raw as? NSNumber, !Self.isBool(n) { return n.stringValue }
        throw Rejection("field '\(key)' must be a string, got \(Self.show(raw))")
    }

    func time(_ key: String) throws -> Int64 {
        guard let v = try optionalTime(key) else { throw Rejection("missing field '\(key)'") }
        return v
    }

    func optionalTime(_ key: String) throws -> Int64? {
        guard let raw = d[key], !(raw is NSNull) else { return nil }
        let ms: Int64?
        if let s = raw as? String { ms = Timestamp.parse(s) } else if let n = raw as? NSNumber, !Self.isBool(n) { ms = n.int64Value } else { ms = nil }
        guard let ms else { throw Rejection("field '\(key)' is not a timestamp (ISO 8601 or epoch milliseconds): \(Self.show(raw))") }
        guard ms >= EventValidator.minTime, ms < EventValidator.maxTime else {
            throw Rejection("field '\(key)' is out of range (2000-01-01 to 2100-01-01): \(Self.show(raw))")
        }
        return ms
    }

    func optionalUInt(_ key: String) throws -> UInt64? {
        guard let raw = d[key], !(raw is NSNull) else { return nil }
        guard let n = raw as? NSNumber, !Self.isBool(n), n.int64Value >= 0, Double(n.int64Value) == n.doubleValue else {
            throw Rejection("field '\(key)' must be a non-negative integer, got \(Self.show(raw))")
        }
        return n.uint64Value
    }

    func stringArray(_ key: String) throws -> [String] {
        guard let raw = d[key], !(raw is NSNull) else { return [] }
        guard let a = raw as? [Any] else { throw Rejection("field '\(key)' must be an array of strings") }
        return try a.map { v in
            guard let s = v as? String else { throw Rejection("field '\(key)' must be an array of strings") }
            return s
        }
    }

    /// A JSON object field (or a string that holds one), as compact JSON text with sorted keys.
    func json(_ key: String) throws -> String {
        guard let raw = d[key], !(raw is NSNull) else { throw Rejection("missing field '\(key)'") }
        var value = raw
        if let s = raw as? String {
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(s.utf8)) else {
                throw Rejection("field '\(key)' is a string but not JSON")
            }
            value = parsed
        }
        guard value is [String: Any] else { throw Rejection("field '\(key)' must be a JSON object") }
        return try Self.text(value, key: key)
    }

    /// A JSON array field as compact JSON text (`[]` when missing).
    func jsonArray(_ key: String) throws -> String {
        guard let raw = d[key], !(raw is NSNull) else { return "[]" }
        guard raw is [Any] else { throw Rejection("field '\(key)' must be a JSON array") }
        return try Self.text(raw, key: key)
    }

    static func text(_ value: Any, key: String) throws -> String {
        guard let text = JSONText.encode(value) else { throw Rejection("field '\(key)' cannot be encoded as JSON") }
        return text
    }

    /// Whether a JSON number is really `true`/`false` (Foundation stores JSON booleans as char-typed numbers).
    static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    /// A short rendering of a value for messages.
    static func show(_ v: Any) -> String {
        let s: String
        if let str = v as? String { s = "'" + OrgID.printable(str) + "'" } else { s = OrgID.printable(String(describing: v)) }
        return s.count > 60 ? String(s.prefix(60)) + "…" : s
    }

    /// A deterministic id from the event's content (sorted-key JSON), so a replayed event keeps its id.
    static func derivedID(_ d: [String: Any]) -> String {
        StableHash.uuidString(Array((JSONText.encode(d) ?? "").utf8))
    }
}
