/// The parts of one SQL statement's text that decide how its result is printed, found as the
/// server's parser finds them: outside string literals, quoted identifiers, comments and
/// parentheses.
public struct QueryClauses: Sendable, Equatable {
    /// The statement's first keyword, upper-cased (`SELECT`, `WITH`, `INSERT`, `SET`, `USE`…);
    /// empty for a statement of only comments and white space.
    public var keyword: String = ""
    /// The format named by a `FORMAT` clause (`SELECT 1 FORMAT JSON SETTINGS …`), as written.
    public var format: String?
    /// The text of the statement's own top-level `SETTINGS` clause (`a = 1, b = 'x'`), without
    /// the keyword.
    public var settings: String?
    /// For `INSERT … FORMAT name`, the byte offset in the UTF-8 text where inline data starts
    /// (after the format name and the white space or newline that ends it).
    public var insertDataOffset: Int?

    /// Scans `sql` (one statement).
    public init(scanning sql: String) {
        let lexer = SQLLexer(sql)
        let bytes = lexer.bytes
        var tokens: [SQLLexer.Token] = []
        var depth = 0
        for token in lexer where !token.kind.isTrivia {
            if case .other(let c) = token.kind {
                if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") { depth += 1; continue }
                if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") { depth = max(0, depth - 1); continue }
            }
            if depth == 0 { tokens.append(token) }
        }
        func word(_ t: SQLLexer.Token) -> String? {
            guard t.kind == .word else { return nil }
            return String(decoding: bytes[t.range], as: UTF8.self).uppercased()
        }
        func text(_ t: SQLLexer.Token) -> String { String(decoding: bytes[t.content], as: UTF8.self) }
        guard let first = tokens.first else { return }
        keyword = word(first) ?? ""
        if keyword == "INSERT" {
            // INSERT INTO t [(…)] [SETTINGS …] FORMAT name <data>: the first top-level FORMAT.
            if let i = tokens.firstIndex(where: { word($0) == "FORMAT" }), i + 1 < tokens.count,
               tokens[i + 1].kind == .word || tokens[i + 1].kind == .quotedIdentifier {
                format = text(tokens[i + 1])
                var offset = tokens[i + 1].range.upperBound
                // The data begins after the white space that ends the format name, up to and
                // including the first newline.
                while offset < bytes.count, SQLLexer.isWhitespace(bytes[offset]) {
                    offset += 1
                    if bytes[offset - 1] == 0x0A { break }
                }
                insertDataOffset = offset
            }
            return
        }
        // `SETTINGS name =`, not `system.settings` or a column named settings.
        let isClause = { (i: Int) -> Bool in
            guard word(tokens[i]) == "SETTINGS", i > 0, i + 2 < tokens.count, tokens[i - 1].kind != .other(UInt8(ascii: ".")),
                  tokens[i + 1].kind == .word || tokens[i + 1].kind == .quotedIdentifier else { return false }
            return tokens[i + 2].kind == .other(UInt8(ascii: "="))
        }
        // FORMAT name, then only an optional SETTINGS clause (or `;`): the last such FORMAT.
        var i = tokens.count - 1
        while i > 0 {
            defer { i -= 1 }
            guard word(tokens[i]) == "FORMAT", i + 1 < tokens.count,
                  tokens[i + 1].kind == .word || tokens[i + 1].kind == .quotedIdentifier else { continue }
            let previous = word(tokens[i - 1])
            if previous == "AS" || previous == "SELECT" || previous == "BY" || previous == "DISTINCT" { continue }
            if case .other(let c) = tokens[i - 1].kind, c == UInt8(ascii: ",") || c == UInt8(ascii: ".") { continue }
            let rest = tokens[(i + 2)...]
            let valid = rest.isEmpty || isClause(i + 2) || rest.allSatisfy { $0.kind == .other(UInt8(ascii: ";")) }
            guard valid else { continue }
            format = text(tokens[i + 1])
            break
        }
        // The last top-level SETTINGS clause: up to FORMAT, `;` or the end.
        if let s = tokens.indices.last(where: isClause) {
            let start = tokens[s].range.upperBound
            var end = bytes.count
            for t in tokens[(s + 1)...] {
                if word(t) == "FORMAT" || t.kind == .other(UInt8(ascii: ";")) { end = t.range.lowerBound; break }
            }
            let clause = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace()
            if !clause.isEmpty { settings = clause }
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
