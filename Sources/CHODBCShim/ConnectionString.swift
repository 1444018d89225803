import CHNative
import CODBC

/// Parsing of ODBC connection strings (`key=value;...`, values optionally in `{...}`).
package enum ConnectionString {
    /// The pairs in order, keys as written. `{...}` values may contain `;` and `}}` stands for
    /// a literal `}`.
    package static func parse(_ text: String) throws -> [(key: String, value: String)] {
        var pairs: [(String, String)] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        func skipSpaces() { while i < chars.count && (chars[i] == " " || chars[i] == "\t") { i += 1 } }
        while i < chars.count {
            skipSpaces()
            if i < chars.count && chars[i] == ";" { i += 1; continue }
            var key = String.UnicodeScalarView()
            while i < chars.count && chars[i] != "=" && chars[i] != ";" { key.append(chars[i]); i += 1 }
            let keyText = String(key).trimmingSpaces()
            guard i < chars.count, chars[i] == "=" else {
                if !keyText.isEmpty { throw ODBCError("01S00", "connection string attribute '\(keyText)' has no '=' and value") }
                i += 1
                continue
            }
            i += 1
            skipSpaces()
            var value = String.UnicodeScalarView()
            if i < chars.count && chars[i] == "{" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "}" {
                        if i + 1 < chars.count && chars[i + 1] == "}" { value.append("}"); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                guard closed else { throw ODBCError("08001", "connection string: the value of '\(keyText)' opens '{' without a closing '}'") }
                while i < chars.count && chars[i] != ";" { i += 1 }
                pairs.append((keyText, String(value)))
            } else {
                while i < chars.count && chars[i] != ";" { value.append(chars[i]); i += 1 }
                pairs.append((keyText, String(value).trimmingSpaces()))
            }
            if i < chars.count { i += 1 }
        }
        return pairs
    }

    /// Quotes a value for an output connection string when needed. Tabs too: `parse` trims
    /// them from unbraced values (found by fuzzing: a password with leading tabs came back
    /// without them). Works on Unicode scalars like `parse` (found by fuzzing: a `}` followed by
    /// a combining mark is one Character, and was not doubled).
    static func quote(_ value: String) -> String {
        let special: Set<Unicode.Scalar> = [";", "{", "}", " ", "\t", "="]
        guard value.unicodeScalars.contains(where: { special.contains($0) }) else { return value }
        var quoted = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            quoted.append(scalar)
            if scalar == "}" { quoted.append(scalar) }
        }
        return "{" + String(quoted) + "}"
    }
}

/// Reads a DSN's keys from `odbc.ini` through `SQLGetPrivateProfileString` (libodbcinst).
enum DSNReader {
    static func value(dsn: String, key: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { buf in
            SQLGetPrivateProfileString(dsn, key, "\u{1}", buf.baseAddress, Int32(buf.count), "odbc.ini")
        }
        guard n >= 0 else { return nil }
        let end = buffer.firstIndex(of: 0) ?? buffer.count
        let text = String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text == "\u{1}" ? nil : text
    }

    /// The keys the driver understands, then the section's other keys (which may name
    /// ClickHouse settings), with their values.
    static func entries(dsn: String) -> [(key: String, value: String)] {
        var out: [(String, String)] = []
        for key in ConnectionSettings.knownKeys {
            if let v = value(dsn: dsn, key: key), !v.isEmpty { out.append((key, v)) }
        }
        let known = Set(ConnectionSettings.knownKeys.map { $0.lowercased() })
        for key in keys(dsn: dsn) where !known.contains(key.lowercased()) {
            if let v = value(dsn: dsn, key: key), !v.isEmpty { out.append((key, v)) }
        }
        return out
    }

    /// The names of the keys in the DSN's section (a NULL key lists them, NUL-separated).
    static func keys(dsn: String) -> [String] {
        var buffer = [CChar](repeating: 0, count: 16384)
        let n = buffer.withUnsafeMutableBufferPointer { buf in
            SQLGetPrivateProfileString(dsn, nil, "", buf.baseAddress, Int32(buf.count), "odbc.ini")
        }
        guard n > 0 else { return [] }
        let bytes = buffer[..<min(Int(n), buffer.count)].map { UInt8(bitPattern: $0) }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
