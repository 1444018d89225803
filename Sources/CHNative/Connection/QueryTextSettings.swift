/// Finds a setting (`session_timezone = '...'`, `output_format_native_encode_types_in_binary_format
/// = 1`) in a query's text, outside string literals, quoted identifiers and comments. Some
/// settings change what the server sends without telling the client: ClickHouse 26.9 applies
/// `session_timezone` to `DateTime` values whose type names no timezone but sends no
/// `TimezoneUpdate` for it, and the binary type encoding changes how block headers name their
/// column types. The client reads such settings itself.
package enum QueryTextSettings {
    /// What a query's text says about a setting.
    package struct Found: Equatable {
        /// The value (a timezone name; empty: back to the server's).
        package var name: String
        /// `SET name = ...`: stays for the session, not only this query.
        package var persists: Bool
    }

    /// One query's text, lexed once, in which any number of settings can be looked up (every
    /// query is scanned for several settings; its text can be megabytes of inline values).
    package struct Scan {
        /// The text's bytes.
        package let bytes: [UInt8]
        /// Its tokens without white space and comments.
        package let tokens: [SQLLexer.Token]
        /// Whether the statement is a `SET`, whose settings stay for the session.
        package let persists: Bool

        package init(_ sql: String) {
            let lexer = SQLLexer(sql)
            bytes = lexer.bytes
            tokens = lexer.filter { !$0.kind.isTrivia }
            let first = tokens.first { $0.kind == .word }
            persists = first.map { [bytes] t in String(decoding: bytes[t.range], as: UTF8.self).uppercased() == "SET" } ?? false
        }

        /// `session_timezone = '...'` (a quoted value only).
        package var sessionTimezone: Found? { find("session_timezone", quotedOnly: true) }

        /// The last `name = value`; the value is a quoted string (`'...'`, `$$...$$`), or, unless
        /// `quotedOnly`, a bare word or number (`1`, `true`). White space and comments may stand
        /// between the parts, as the server allows.
        package func find(_ name: String, quotedOnly: Bool = false) -> Found? {
            let key = Array(name.utf8)
            var found: Found?
            var n = 0
            while n < tokens.count {
                guard tokens[n].kind == .word, bytes[tokens[n].range].elementsEqual(key, by: { lower($0) == lower($1) }),
                      n + 2 < tokens.count, tokens[n + 1].kind == .other(UInt8(ascii: "=")),
                      let value = value(of: tokens[n + 2], in: bytes, quotedOnly: quotedOnly) else {
                    n += 1
                    continue
                }
                found = Found(name: value, persists: persists)
                n += 3
            }
            return found
        }
    }

    /// A setting's value token as text: a terminated string literal, or a word.
    package static func value(of token: SQLLexer.Token, in bytes: [UInt8], quotedOnly: Bool) -> String? {
        switch token.kind {
        case .stringLiteral where !token.unterminated:
            let content = bytes[token.content]
            // `'...'` has escapes; `$$...$$` is verbatim.
            return bytes[token.range.lowerBound] == UInt8(ascii: "'") ? unescape(content) : String(decoding: content, as: UTF8.self)
        case .word where !quotedOnly:
            return String(decoding: bytes[token.range], as: UTF8.self)
        default:
            return nil
        }
    }

    /// A boolean setting's value as ClickHouse reads it (`1`, `true`; anything else is off).
    package static func isOn(_ value: String) -> Bool {
        let v = value.lowercased()
        return v == "true" || (Int(v).map { $0 != 0 } ?? false)
    }

    package static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    package static func unescape(_ s: ArraySlice<UInt8>) -> String {
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
