import CHNative

/// Translates ODBC escape sequences into ClickHouse SQL: `{fn ...}` scalar functions,
/// `{d '...'}`, `{t '...'}`, `{ts '...'}`, `{guid '...'}`, `{oj ...}`, `{escape '\'}` and
/// `{INTERVAL ...}`.
/// Braces inside string literals, quoted identifiers and comments (as ``SQLLexer`` finds them)
/// are left alone; escapes may nest (`{fn UCASE({fn CONCAT(a, b)})}`). Text without escapes is
/// returned unchanged.
enum EscapeTranslator {
    static func translate(_ sql: String) throws -> String {
        guard sql.utf8.contains(UInt8(ascii: "{")) else { return sql }
        var scanner = Scanner(lexer: SQLLexer(sql))
        let out = try scanner.text(until: nil)
        return String(decoding: out, as: UTF8.self)
    }

    static func error(_ message: String) -> ODBCError { ODBCError("42000", "syntax error in ODBC escape sequence: \(message)") }

    /// Walks the statement, copying plain text and translating each `{...}` it meets.
    struct Scanner {
        let lexer: SQLLexer
        var bytes: [UInt8] { lexer.bytes }
        var i = 0
        /// Current nesting of escapes and parentheses: bounded so hostile text cannot
        /// exhaust the stack.
        var nesting = 0
        static let maximumNesting = 128

        mutating func enter() throws {
            nesting += 1
            guard nesting <= Scanner.maximumNesting else {
                throw EscapeTranslator.error("escapes and parentheses nested deeper than \(Scanner.maximumNesting) levels")
            }
        }

        init(lexer: SQLLexer) { self.lexer = lexer }

        var atEnd: Bool { i >= bytes.count }

        /// Copies a string literal, quoted identifier or comment whole (braces in it are text);
        /// `false` for any other token.
        mutating func copyOpaque(_ token: SQLLexer.Token, into out: inout [UInt8]) -> Bool {
            switch token.kind {
            case .stringLiteral, .quotedIdentifier, .lineComment, .blockComment:
                out.append(contentsOf: bytes[token.range])
                i = token.range.upperBound
                return true
            default:
                return false
            }
        }

        /// Copies text (translating nested escapes) up to the byte `stop` at nesting level 0
        /// (not consumed), or to the end when `stop` is nil.
        mutating func text(until stop: UInt8?) throws -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var depth = 0
            while let token = lexer.token(at: i) {
                if let stop, token.kind == .other(stop), depth == 0 { return out }
                if copyOpaque(token, into: &out) { continue }
                switch token.kind {
                case .other(UInt8(ascii: "{")):
                    i += 1
                    out.append(contentsOf: try escape())
                case .other(UInt8(ascii: "(")):
                    depth += 1; out.append(UInt8(ascii: "(")); i += 1
                case .other(UInt8(ascii: ")")):
                    if depth == 0, stop != nil { return out }
                    depth -= 1; out.append(UInt8(ascii: ")")); i += 1
                default:
                    out.append(contentsOf: bytes[token.range]); i = token.range.upperBound
                }
            }
            if stop != nil { throw EscapeTranslator.error("missing '\(Character(Unicode.Scalar(stop ?? 0)))'") }
            return out
        }

        mutating func skipSpaces() {
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        }

        /// A bare word (letters, digits, `_`), upper-cased.
        mutating func word() -> String {
            let start = i
            while i < bytes.count, SQLLexer.isIdentifierByte(bytes[i]) { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self).uppercased()
        }

        mutating func expect(_ c: UInt8) throws {
            skipSpaces()
            guard i < bytes.count, bytes[i] == c else {
                throw EscapeTranslator.error("expected '\(Character(Unicode.Scalar(c)))'")
            }
            i += 1
        }

        /// After `{`: one escape, through its closing `}`.
        mutating func escape() throws -> [UInt8] {
            try enter()
            defer { nesting -= 1 }
            let afterBrace = i
            skipSpaces()
            if i < bytes.count, bytes[i] == UInt8(ascii: "?") {
                throw ODBCError("HYC00", "optional feature not implemented: ODBC procedure calls ({?= call ...}): ClickHouse has no stored procedures")
            }
            let keyword = word()
            let afterWord = i
            skipSpaces()
            if keyword.isEmpty || (i < bytes.count && bytes[i] == UInt8(ascii: ":")) {
                // `{name:Type}`: a ClickHouse query parameter, not an ODBC escape.
                i = afterBrace
                return [UInt8(ascii: "{")]
            }
            i = afterWord
            switch keyword {
            case "FN":
                skipSpaces()
                let body = try function()
                try expect(UInt8(ascii: "}"))
                return Array(body.utf8)
            case "D", "T", "TS":
                skipSpaces()
                let literal = try quoted()
                try expect(UInt8(ascii: "}"))
                return Array(try EscapeTranslator.dateTimeLiteral(keyword, literal).utf8)
            case "GUID":
                skipSpaces()
                let literal = try quoted()
                try expect(UInt8(ascii: "}"))
                return Array(try EscapeTranslator.guidLiteral(literal).utf8)
            case "OJ":
                let body = try text(until: UInt8(ascii: "}"))
                try expect(UInt8(ascii: "}"))
                return body
            case "ESCAPE":
                skipSpaces()
                let ch = try quoted()
                try expect(UInt8(ascii: "}"))
                guard ch == "\\" || ch == "\\\\" else {
                    throw ODBCError("HYC00", "optional feature not implemented: LIKE escape character '\(ch)' (ClickHouse patterns always escape with a backslash; use {escape '\\'})")
                }
                return []
            case "INTERVAL":
                let body = try text(until: UInt8(ascii: "}"))
                try expect(UInt8(ascii: "}"))
                return Array("INTERVAL".utf8) + body
            case "CALL":
                throw ODBCError("HYC00", "optional feature not implemented: ODBC procedure calls ({call ...}): ClickHouse has no stored procedures")
            default:
                // Not an ODBC escape: ClickHouse's own braces ({name:Type} query parameters,
                // map literals) pass through untouched.
                i = afterBrace
                return [UInt8(ascii: "{")]
            }
        }

        /// A single-quoted literal's content (doubled quotes undone). This is the escape's own
        /// ODBC (SQL-92) literal, not ClickHouse SQL: a backslash is an ordinary character, as
        /// `{escape '\'}` needs.
        mutating func quoted() throws -> String {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "'") else { throw EscapeTranslator.error("expected a quoted literal") }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "'") {
                    if i < bytes.count && bytes[i] == c { out.append(c); i += 1; continue }
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c)
            }
            throw EscapeTranslator.error("unterminated literal")
        }

        /// `name(arg, ...)` of `{fn ...}`, arguments translated, then mapped.
        mutating func function() throws -> String {
            let name = word()
            guard !name.isEmpty else { throw EscapeTranslator.error("expected a function name after 'fn'") }
            skipSpaces()
            var args: [String] = []
            if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
                i += 1
                while true {
                    let arg = try text(untilArgumentEnd: ())
                    let trimmed = EscapeTranslator.argument(arg)
                    guard i < bytes.count else { throw EscapeTranslator.error("missing ')' after the arguments of \(name)") }
                    let sep = bytes[i]
                    i += 1
                    if sep == UInt8(ascii: ")") {
                        if !(trimmed.isEmpty && args.isEmpty) { args.append(trimmed) }
                        break
                    }
                    args.append(trimmed)
                }
            }
            return try ScalarFunctions.translate(name, args)
        }

        /// One function argument: text up to a top-level `,` or `)` (not consumed).
        mutating func text(untilArgumentEnd: Void) throws -> [UInt8] {
            var out: [UInt8] = []
            while let token = lexer.token(at: i) {
                if copyOpaque(token, into: &out) { continue }
                switch token.kind {
                case .other(UInt8(ascii: ",")), .other(UInt8(ascii: ")")):
                    return out
                case .other(UInt8(ascii: "(")):
                    out.append(UInt8(ascii: "(")); i += 1
                    try enter()
                    defer { nesting -= 1 }
                    out.append(contentsOf: try text(until: UInt8(ascii: ")")))
                    guard i < bytes.count else { throw EscapeTranslator.error("missing ')'") }
                    out.append(bytes[i]); i += 1
                case .other(UInt8(ascii: "{")):
                    i += 1
                    out.append(contentsOf: try escape())
                default:
                    out.append(contentsOf: bytes[token.range]); i = token.range.upperBound
                }
            }
            return out
        }
    }

    /// `{d '...'}`, `{t '...'}`, `{ts '...'}` as ClickHouse expressions.
    static func dateTimeLiteral(_ kind: String, _ value: String) throws -> String {
        let v = trimmed(value)
        let allowed: Set<UInt8> = Set(Array("0123456789-:. ".utf8))
        guard !v.isEmpty, v.utf8.allSatisfy({ allowed.contains($0) }) else {
            throw error("invalid {\(kind.lowercased()) '\(value.prefix(40))'} literal")
        }
        switch kind {
        case "D": return "toDate('\(v)')"
        case "T": return "'\(v)'"
        default:
            if let dot = v.firstIndex(of: ".") {
                let digits = v[v.index(after: dot)...].count
                guard digits >= 1 && digits <= 9 else { throw error("invalid fractional seconds in {ts '\(v)'}") }
                return "toDateTime64('\(v)', \(digits))"
            }
            return "toDateTime('\(v)')"
        }
    }

    /// `{guid 'nnnnnnnn-nnnn-nnnn-nnnn-nnnnnnnnnnnn'}` (ODBC 3.8) as a ClickHouse UUID.
    static func guidLiteral(_ value: String) throws -> String {
        let v = trimmed(value)
        let groups = v.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12], groups.allSatisfy({ $0.allSatisfy(\.isHexDigit) }) else {
            throw error("invalid {guid '\(value.prefix(40))'} literal (expected nnnnnnnn-nnnn-nnnn-nnnn-nnnnnnnnnnnn)")
        }
        return "toUUID('\(v)')"
    }

    /// A function argument as it goes into the translated call: without surrounding white
    /// space, except that an argument ending in a `--` or `#` comment keeps a newline after it,
    /// so the `,` or `)` that follows in the translation is not commented out.
    static func argument(_ raw: [UInt8]) -> String {
        let text = trimmed(String(decoding: raw, as: UTF8.self))
        var lexer = SQLLexer(text)
        var last: SQLLexer.Token?
        while let token = lexer.next() { last = token }
        return last?.kind == .lineComment ? text + "\n" : text
    }

    /// `s` without leading and trailing white space.
    static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f.isWhitespace { t.removeFirst() }
        while let l = t.last, l.isWhitespace { t.removeLast() }
        return String(t)
    }
}
