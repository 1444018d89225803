/// Splits ClickHouse SQL text into the spans that matter to code that must not look inside
/// literals, quoted identifiers or comments: finding settings in a query, `?` parameter markers
/// and ODBC escape braces.
///
/// The rules are ClickHouse 26.9's, checked against the server:
/// - `'...'` is a string literal; `"..."` and `` `...` `` are quoted identifiers. In all three a
///   backslash escapes the next byte (`'a\'b'`) and a doubled quote stands for one (`'a''b'`).
/// - `$$...$$` and `$tag$...$tag$` (tag: ASCII letters, digits, `_`; case-sensitive) are string
///   literals taken verbatim up to the next identical delimiter. Without a closing delimiter the
///   `$` is an ordinary byte or the start of a word (`$x` is an identifier).
/// - `--` starts a comment to the end of the line (`\n` only) or of the text; so does `#`
///   followed by a space or `!` (`# note`, `#!/usr/bin/clickhouse`). `#` followed by anything
///   else is an ordinary byte.
/// - `/* ... */` comments nest: `/* a /* b */ c */` is one comment.
/// - Words are runs of ASCII letters, digits, `_` and (after the first byte) `$`; bytes at or
///   above 0x80 are not word bytes.
/// - White space is space, tab, `\n`, `\v`, `\f` and `\r`.
///
/// ClickHouse 18.16 differs: block comments do not nest (the first `*/` ends one), `#` never
/// starts a comment, and `$` is neither a heredoc delimiter nor a word byte.
///
/// The lexer never fails: any byte sequence, including invalid UTF-8, lexes into tokens that
/// cover it exactly, in order. Literals, identifiers and block comments that run to the end of
/// the text are marked `unterminated`.
package struct SQLLexer: Sequence, IteratorProtocol, Sendable {
    /// What a token is.
    package enum Kind: Hashable, Sendable {
        /// `'...'`, `$$...$$` or `$tag$...$tag$`.
        case stringLiteral
        /// `"..."` or `` `...` ``.
        case quotedIdentifier
        /// `-- ...`, `# ...` or `#! ...`, up to (not including) the newline.
        case lineComment
        /// `/* ... */`, nested comments included.
        case blockComment
        /// An identifier, keyword or the bytes of a number.
        case word
        /// A run of white space.
        case whitespace
        /// Any other single byte: punctuation, operators, `?`, `{`, a byte of non-ASCII text.
        case other(UInt8)

        /// White space or a comment: what the server skips between tokens.
        package var isTrivia: Bool {
            switch self {
            case .whitespace, .lineComment, .blockComment: return true
            default: return false
            }
        }
    }

    /// One token: its kind and where it is in ``bytes``.
    package struct Token: Hashable, Sendable {
        /// What the token is.
        package var kind: Kind
        /// The token's bytes, delimiters included.
        package var range: Range<Int>
        /// The bytes between the delimiters: a literal's or identifier's text (still escaped),
        /// a comment's text. The whole token for words, white space and other bytes.
        package var content: Range<Int>
        /// A literal, identifier or block comment whose closing delimiter is missing: it runs to
        /// the end of the text.
        package var unterminated: Bool
    }

    /// The text being lexed, as UTF-8 bytes.
    package let bytes: [UInt8]
    /// Where ``next()`` reads the next token.
    package var position = 0
    /// For each `$` that opens a `$tag$` delimiter, where the same delimiter next appears.
    private let heredocNext: [Int: Int]

    /// A lexer over `sql`'s UTF-8 bytes.
    package init(_ sql: String) { self.init(bytes: Array(sql.utf8)) }

    /// A lexer over `bytes` (need not be valid UTF-8).
    package init(bytes: [UInt8]) {
        self.bytes = bytes
        heredocNext = bytes.contains(Self.dollar) ? Self.heredocIndex(bytes) : [:]
    }

    /// The token at ``position``, moving past it; `nil` at the end of the text.
    package mutating func next() -> Token? {
        guard let token = token(at: position) else { return nil }
        position = token.range.upperBound
        return token
    }

    /// The token that starts at byte `start`; `nil` at or past the end of the text.
    package func token(at start: Int) -> Token? {
        guard start >= 0, start < bytes.count else { return nil }
        let c = bytes[start]
        let next = start + 1 < bytes.count ? bytes[start + 1] : nil
        switch c {
        case UInt8(ascii: "'"):
            return quoted(from: start, kind: .stringLiteral)
        case UInt8(ascii: "\""), UInt8(ascii: "`"):
            return quoted(from: start, kind: .quotedIdentifier)
        case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
            return lineComment(from: start, opener: 2)
        case UInt8(ascii: "#") where next == UInt8(ascii: " ") || next == UInt8(ascii: "!"):
            return lineComment(from: start, opener: next == UInt8(ascii: "!") ? 2 : 1)
        case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
            return blockComment(from: start)
        case Self.dollar:
            if let heredoc = heredoc(from: start) { return heredoc }
            if let next, Self.isIdentifierByte(next) { return run(from: start, kind: .word, while: Self.isWordByte) }
            return plain(.other(c), start..<(start + 1))
        default:
            if Self.isIdentifierByte(c) { return run(from: start, kind: .word, while: Self.isWordByte) }
            if Self.isWhitespace(c) { return run(from: start, kind: .whitespace, while: Self.isWhitespace) }
            return plain(.other(c), start..<(start + 1))
        }
    }

    /// ASCII letters, digits and `_`: the bytes an identifier or keyword may start with.
    package static func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// The bytes that continue a word: identifier bytes and `$`.
    package static func isWordByte(_ c: UInt8) -> Bool { isIdentifierByte(c) || c == dollar }

    /// Space, tab, `\n`, `\v`, `\f`, `\r`.
    package static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    private static let dollar = UInt8(ascii: "$")

    private func plain(_ kind: Kind, _ range: Range<Int>) -> Token {
        Token(kind: kind, range: range, content: range, unterminated: false)
    }

    private func run(from start: Int, kind: Kind, while accepts: (UInt8) -> Bool) -> Token {
        var i = start + 1
        while i < bytes.count && accepts(bytes[i]) { i += 1 }
        return plain(kind, start..<i)
    }

    /// `'...'`, `"..."` or `` `...` ``: backslash escapes and doubled quotes stay inside.
    private func quoted(from start: Int, kind: Kind) -> Token {
        let quote = bytes[start]
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == quote {
                if i + 1 < bytes.count && bytes[i + 1] == quote { i += 2; continue }
                return Token(kind: kind, range: start..<(i + 1), content: (start + 1)..<i, unterminated: false)
            }
            i += 1
        }
        return Token(kind: kind, range: start..<bytes.count, content: (start + 1)..<bytes.count, unterminated: true)
    }

    /// A comment from its `opener` (`--`, `#`, `#!`) up to the newline or the end of the text.
    private func lineComment(from start: Int, opener: Int) -> Token {
        var i = start + opener
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        return Token(kind: .lineComment, range: start..<i, content: (start + opener)..<i, unterminated: false)
    }

    /// `/* ... */`, counting nested `/*` and `*/`.
    private func blockComment(from start: Int) -> Token {
        var depth = 1
        var i = start + 2
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/") {
                depth -= 1
                i += 2
                if depth == 0 {
                    return Token(kind: .blockComment, range: start..<i, content: (start + 2)..<(i - 2), unterminated: false)
                }
            } else if bytes[i] == UInt8(ascii: "/") && bytes[i + 1] == UInt8(ascii: "*") {
                depth += 1
                i += 2
            } else {
                i += 1
            }
        }
        return Token(kind: .blockComment, range: start..<bytes.count, content: (start + 2)..<bytes.count, unterminated: true)
    }

    /// `$tag$...$tag$` opened at `start`, or `nil` if no identical delimiter closes it.
    private func heredoc(from start: Int) -> Token? {
        guard let end = Self.delimiterEnd(bytes, at: start) else { return nil }
        var close = heredocNext[start]
        // The closing delimiter may not overlap the opening one (`$$$` is not a literal).
        while let c = close, c < end { close = heredocNext[c] }
        guard let close else { return nil }
        let length = end - start
        return Token(kind: .stringLiteral, range: start..<(close + length), content: end..<close, unterminated: false)
    }

    /// Just past the `$tag$` delimiter that starts at `start`, or `nil` if none does.
    private static func delimiterEnd(_ b: [UInt8], at start: Int) -> Int? {
        guard start < b.count, b[start] == dollar else { return nil }
        var i = start + 1
        while i < b.count && isIdentifierByte(b[i]) { i += 1 }
        return i < b.count && b[i] == dollar ? i + 1 : nil
    }

    /// Links each `$tag$` delimiter to the next identical one, in one pass from the end, so
    /// finding where a heredoc closes never rescans the text (hostile text full of unclosed
    /// delimiters stays linear).
    private static func heredocIndex(_ b: [UInt8]) -> [Int: Int] {
        var next: [Int: Int] = [:]
        var lastSeen: [ArraySlice<UInt8>: Int] = [:]
        var i = b.count - 1
        while i >= 0 {
            if let end = delimiterEnd(b, at: i) {
                let delimiter = b[i..<end]
                if let later = lastSeen[delimiter] { next[i] = later }
                lastSeen[delimiter] = i
            }
            i -= 1
        }
        return next
    }
}
