import CHNative
/// The SQL lexer target.
extension FuzzEntryPoints {
    /// ``SQLLexer`` over arbitrary bytes (need not be UTF-8). The tokens must tile the input:
    /// contiguous, in order, each non-empty, covering every byte, each `content` inside its
    /// `range`, only the last one `unterminated`; ``SQLLexer/token(at:)`` must give the same
    /// token again. Then the scans built on the lexer run on the input as text: the `?`
    /// parameter markers (as the ODBC driver finds them; its own code is in the odbc fuzzer's
    /// library) and ``QueryTextSettings/Scan/find(_:quotedOnly:)``.
    @Sendable package static func sqlLexer(_ bytes: UnsafeRawBufferPointer) -> String {
        let input = Array(bytes)
        let lexer = SQLLexer(bytes: input)
        var position = 0
        var tokens = 0
        var unterminated = false
        for token in lexer {
            let r = token.range, c = token.content
            guard !unterminated else { fatalError("token at \(r) follows an unterminated one") }
            guard r.lowerBound == position, r.upperBound > r.lowerBound, r.upperBound <= input.count else {
                fatalError("token \(token.kind) at \(r) does not continue at \(position) in \(input.count) byte(s)")
            }
            guard c.lowerBound >= r.lowerBound, c.upperBound <= r.upperBound else {
                fatalError("token \(token.kind) at \(r) has its content at \(c)")
            }
            guard lexer.token(at: r.lowerBound) == token else { fatalError("token(at: \(r.lowerBound)) lexes differently") }
            unterminated = token.unterminated
            position = r.upperBound
            tokens += 1
        }
        guard position == input.count else { fatalError("the tokens end at \(position) of \(input.count)") }
        let sql = String(decoding: input, as: UTF8.self)
        let markers = SQLLexer(sql).filter { $0.kind == .other(UInt8(ascii: "?")) }.count
        let text = QueryTextSettings.Scan(sql)
        var settings = 0
        for (name, quotedOnly) in [("session_timezone", true), ("output_format_native_encode_types_in_binary_format", false), ("x", false)] {
            if text.find(name, quotedOnly: quotedOnly) != nil { settings += 1 }
        }
        return "\(tokens) token(s), \(markers) marker(s), \(settings) setting(s)"
    }
}
