/// Finds a setting (`session_timezone = '...'`, `output_format_native_encode_types_in_binary_format
/// = 1`) in a query's text, outside string literals, quoted identifiers and comments. Some
/// settings change what the server sends without telling the client: ClickHouse 26.9 applies
/// `session_timezone` to `DateTime` values whose type names no timezone but sends no
/// `TimezoneUpdate` for it, and the binary type encoding changes how block headers name their
/// column types. The client reads such settings itself.
enum QueryTextSettings {
    /// What a query's text says about a setting.
    struct Found: Equatable {
        /// The value (a timezone name; empty: back to the server's).
        var name: String
        /// `SET name = ...`: stays for the session, not only this query.
        var persists: Bool
    }

    /// `session_timezone = '...'` (a quoted value only).
    static func sessionTimezone(in sql: String) -> Found? { findSetting("session_timezone", in: sql, quotedOnly: true) }

    /// The last `key = value` in `sql`; the value is a quoted string, or, unless `quotedOnly`,
    /// a bare word or number (`1`, `true`).
    static func findSetting(_ name: String, in sql: String, quotedOnly: Bool = false) -> Found? {
        let b = Array(sql.utf8)
        let key = Array(name.utf8)
        var i = 0
        var found: Found?
        var firstWord: String?
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                i = skipQuoted(b, from: i) ?? b.count
            case UInt8(ascii: "-") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "-"):
                while i < b.count && b[i] != 10 { i += 1 }
            case UInt8(ascii: "/") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < b.count && !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            default:
                guard isWordByte(c) else { i += 1; continue }
                var j = i
                while j < b.count && isWordByte(b[j]) { j += 1 }
                if firstWord == nil { firstWord = String(decoding: b[i..<j], as: UTF8.self).uppercased() }
                if j - i == key.count && b[i..<j].elementsEqual(key, by: { lower($0) == $1 }) {
                    var k = j
                    while k < b.count && isSpace(b[k]) { k += 1 }
                    if k < b.count && b[k] == UInt8(ascii: "=") {
                        k += 1
                        while k < b.count && isSpace(b[k]) { k += 1 }
                        if k < b.count && b[k] == UInt8(ascii: "'"), let end = skipQuoted(b, from: k) {
                            found = Found(name: unescape(b[(k + 1)..<(end - 1)]), persists: firstWord == "SET")
                            j = end
                        } else if !quotedOnly, k < b.count, isWordByte(b[k]) {
                            var end = k
                            while end < b.count && isWordByte(b[end]) { end += 1 }
                            found = Found(name: String(decoding: b[k..<end], as: UTF8.self), persists: firstWord == "SET")
                            j = end
                        }
                    }
                }
                i = j
            }
        }
        return found
    }

    /// A boolean setting's value as ClickHouse reads it (`1`, `true`; anything else is off).
    static func isOn(_ value: String) -> Bool {
        let v = value.lowercased()
        return v == "true" || (Int(v).map { $0 != 0 } ?? false)
    }

    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    /// The index just past the literal or identifier opened at `start`, or `nil` if unterminated.
    static func skipQuoted(_ b: [UInt8], from start: Int) -> Int? {
        let q = b[start]
        var i = start + 1
        while i < b.count {
            if b[i] == UInt8(ascii: "\\") { i += 2; continue }
            if b[i] == q {
                if i + 1 < b.count && b[i + 1] == q { i += 2; continue }
                return i + 1
            }
            i += 1
        }
        return nil
    }

    static func unescape(_ s: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            if (s[i] == UInt8(ascii: "\\") || s[i] == UInt8(ascii: "'")) && i + 1 < s.endIndex {
                out.append(s[i + 1])
                i += 2
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
