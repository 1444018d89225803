import Testing
@testable import CHNative

/// The lexer offline: every token kind, unterminated spans, nesting, escapes at the end of the
/// text and arbitrary bytes. The rules were checked against ClickHouse 26.9 (see ``SQLLexer``);
/// the server-facing checks are in BinaryTypeNamesTests and Tests/odbc.
@Suite struct SQLLexerTests {
    /// `(kind, text, unterminated)` for each token of `sql`.
    static func lex(_ sql: String) -> [(SQLLexer.Kind, String, Bool)] {
        let lexer = SQLLexer(sql)
        return lexer.map { ($0.kind, String(decoding: lexer.bytes[$0.range], as: UTF8.self), $0.unterminated) }
    }

    /// `kind:text` for each token of `sql` but white space (`other:+` for `.other`).
    static func significant(_ sql: String) -> [String] {
        lex(sql).filter { $0.0 != .whitespace }.map { token in
            if case .other = token.0 { return "other:\(token.1)" }
            return "\(token.0):\(token.1)"
        }
    }

    static func kinds(_ sql: String) -> [SQLLexer.Kind] { lex(sql).map(\.0) }

    @Test func everyTokenKind() {
        let tokens = Self.lex("SELECT 'a', \"b\", `c` -- d\n/* e */ x1$y ? {")
        #expect(tokens.map(\.0) == [.word, .whitespace, .stringLiteral, .other(44), .whitespace, .quotedIdentifier, .other(44),
                                    .whitespace, .quotedIdentifier, .whitespace, .lineComment, .whitespace, .blockComment,
                                    .whitespace, .word, .whitespace, .other(63), .whitespace, .other(123)])
        #expect(tokens.map(\.1).joined() == "SELECT 'a', \"b\", `c` -- d\n/* e */ x1$y ? {")
        #expect(tokens.allSatisfy { !$0.2 })
        #expect(tokens[10].1 == "-- d", "the newline is not part of the comment")
        #expect(tokens[14].1 == "x1$y")
    }

    @Test func contentIsBetweenTheDelimiters() {
        let lexer = SQLLexer("'a''b' /* c /* d */ */ $t$e$t$ -- f")
        let contents = lexer.filter { !($0.kind == .whitespace) }.map { String(decoding: lexer.bytes[$0.content], as: UTF8.self) }
        #expect(contents == ["a''b", " c /* d */ ", "e", " f"])
    }

    @Test func emptyInput() {
        var lexer = SQLLexer("")
        #expect(lexer.next() == nil)
        #expect(lexer.token(at: 0) == nil && lexer.token(at: -1) == nil && lexer.token(at: 5) == nil)
    }

    @Test func backslashAndDoubledQuotesStayInside() {
        #expect(Self.significant(#"'a\'b' x"#) == [#"stringLiteral:'a\'b'"#, "word:x"])
        #expect(Self.significant("'a''b' x") == ["stringLiteral:'a''b'", "word:x"])
        #expect(Self.significant(#"'a\\' x"#) == [#"stringLiteral:'a\\'"#, "word:x"])
        #expect(Self.significant(#""a\"b" "a""b" `a\`b` `a``b`"#) == [#"quotedIdentifier:"a\"b""#, #"quotedIdentifier:"a""b""#,
                                                                     #"quotedIdentifier:`a\`b`"#, "quotedIdentifier:`a``b`"])
        #expect(Self.significant("'a\nb' `c\nd`") == ["stringLiteral:'a\nb'", "quotedIdentifier:`c\nd`"])
        #expect(Self.significant(#"'"' "'" `'`"#) == [#"stringLiteral:'"'"#, #"quotedIdentifier:"'""#, "quotedIdentifier:`'`"])
    }

    @Test func unterminatedSpansRunToTheEnd() {
        for sql in ["'abc", "\"abc", "`abc", #"'a\'"#, #"'a\"#, "'", "'a''", "/* a", "/*", "/* a /* b */", "/*/"] {
            let tokens = Self.lex("x " + sql)
            #expect(tokens.count == 3, "\(sql)")
            #expect(tokens.last?.1 == sql && tokens.last?.2 == true, "\(sql)")
        }
        #expect(Self.lex("-- a").map(\.2) == [false], "a line comment ends with the text")
        #expect(Self.lex("x --").map(\.1) == ["x", " ", "--"])
    }

    @Test func blockCommentsNest() {
        #expect(Self.significant("1 /* a /* b */ c */ + 1") == ["word:1", "blockComment:/* a /* b */ c */", "other:+", "word:1"])
        #expect(Self.significant("/* a /* b /* c */ d */ e */x") == ["blockComment:/* a /* b /* c */ d */ e */", "word:x"])
        #expect(Self.significant("/**/x /*/ */y") == ["blockComment:/**/", "word:x", "blockComment:/*/ */", "word:y"])
        // `/*/` inside a comment opens a nested one (the server: "Multiline comment is not closed").
        #expect(Self.lex("/* /*/ */").map(\.2) == [true])
        #expect(Self.significant("/* /*/ */ */x") == ["blockComment:/* /*/ */ */", "word:x"])
        #expect(Self.significant("/* -- */ x -- /* \n y") == ["blockComment:/* -- */", "word:x", "lineComment:-- /* ", "word:y"])
        #expect(Self.significant("/* ' */ x") == ["blockComment:/* ' */", "word:x"])
    }

    @Test func lineComments() {
        #expect(Self.significant("1--2\n3") == ["word:1", "lineComment:--2", "word:3"])
        #expect(Self.significant("1 -- a\r+ 1") == ["word:1", "lineComment:-- a\r+ 1"], "only \\n ends a line comment")
        #expect(Self.significant("# c\nx #!/bin\ny #!") == ["lineComment:# c", "word:x", "lineComment:#!/bin", "word:y", "lineComment:#!"])
        // `#` followed by anything but a space or `!` is not a comment.
        #expect(Self.kinds("#a #\t #\n #") == [.other(35), .word, .whitespace, .other(35), .whitespace, .other(35), .whitespace,
                                                .other(35)])
        #expect(Self.significant("1 - -2") == ["word:1", "other:-", "other:-", "word:2"])
    }

    @Test func heredocs() {
        #expect(Self.significant("$$a'b?$$, $t$x$$y$t$, $a_1$z$a_1$") == ["stringLiteral:$$a'b?$$", "other:,", "stringLiteral:$t$x$$y$t$",
                                                                           "other:,", "stringLiteral:$a_1$z$a_1$"])
        #expect(Self.significant("$$$$ $a$x$ab$a$ $1a$x$1a$") == ["stringLiteral:$$$$", "stringLiteral:$a$x$ab$a$", "stringLiteral:$1a$x$1a$"])
        #expect(Self.significant("$a$x\n'y$a$") == ["stringLiteral:$a$x\n'y$a$"])
        // Not heredocs: no closing delimiter, case differs, the tag has a non-identifier byte,
        // the closing delimiter would overlap the opening one.
        #expect(Self.significant("$A$x$a$") == ["word:$A$x$a$"])
        #expect(Self.significant("$abc$ x $ab") == ["word:$abc$", "word:x", "word:$ab"])
        #expect(Self.significant("$a b$x$a b$") == ["word:$a", "word:b$x$a", "word:b$"])
        #expect(Self.significant("$$unterminated '") == ["other:$", "word:$unterminated", "stringLiteral:'"])
        #expect(Self.significant("$$$") == ["other:$", "other:$", "other:$"])
        #expect(Self.significant("$$a$$$") == ["stringLiteral:$$a$$", "other:$"])
        #expect(Self.significant("1 $ x$") == ["word:1", "other:$", "word:x$"])
        // Inside a word `$` is a word byte, so no heredoc starts there.
        #expect(Self.significant("a$b$c$b$ 'x'") == ["word:a$b$c$b$", "stringLiteral:'x'"])
    }

    @Test func manyUnclosedDelimitersStayFast() {
        let sql = (0..<20_000).map { "$t\($0)$ " }.joined() + "$t5$"
        let start = ContinuousClock.now
        let tokens = SQLLexer(sql).filter { $0.kind == .stringLiteral }
        #expect(tokens.count == 1)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func whitespaceAndWords() {
        #expect(Self.kinds("a\t\n\u{0B}\u{0C}\r b") == [.word, .whitespace, .word])
        #expect(Self.significant("1e3 0x1F 1_000 _$") == ["word:1e3", "word:0x1F", "word:1_000", "word:_$"])
        #expect(Self.significant("a.b(c)") == ["word:a", "other:.", "word:b", "other:(", "word:c", "other:)"])
    }

    @Test func nonASCIIAndInvalidUTF8AreOrdinaryBytes() {
        let é = Self.lex("xé 'é' `é`")
        #expect(é.map(\.0) == [.word, .other(0xC3), .other(0xA9), .whitespace, .stringLiteral, .whitespace, .quotedIdentifier])
        let bytes: [UInt8] = [0xFF, 0x27, 0xC3, 0x27, 0x3F, 0x80, 0x5C]
        let lexer = SQLLexer(bytes: bytes)
        let tokens = Array(lexer)
        #expect(tokens.map(\.kind) == [.other(0xFF), .stringLiteral, .other(0x3F), .other(0x80), .other(0x5C)])
    }

    /// Every input, however cut, lexes into tokens that cover it exactly.
    @Test func tokensCoverEveryInput() {
        let samples = ["SELECT 'a\\'b' /* c /* d */ */ -- e\n$t$f$t$ `g` \"h\" # i\n?",
                       "'\\", "\\", "/*/", "$$$", "#!", "--", "\u{0}\u{1}\u{FFFF}", "'é\\"]
        for sample in samples {
            let all = Array(sample.utf8)
            for end in 0...all.count {
                for start in 0...end {
                    let lexer = SQLLexer(bytes: Array(all[start..<end]))
                    var at = 0
                    for token in lexer {
                        #expect(token.range.lowerBound == at && token.range.upperBound > at && token.range.upperBound <= lexer.bytes.count)
                        #expect(token.content.lowerBound >= token.range.lowerBound && token.content.upperBound <= token.range.upperBound)
                        at = token.range.upperBound
                    }
                    #expect(at == lexer.bytes.count)
                }
            }
        }
        let alphabet = Array("'\"`\\-/*#!$ a?\n{}".utf8) + [0xC3, 0xFF]
        var pseudo: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(pseudo % 40) {
                pseudo = pseudo &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(pseudo >> 33) % alphabet.count])
            }
            pseudo = pseudo &* 6364136223846793005 &+ 1442695040888963407
            let covered = SQLLexer(bytes: bytes).reduce(0) { $1.range.lowerBound == $0 ? $1.range.upperBound : -1 }
            #expect(covered == bytes.count, "\(bytes)")
        }
    }

    @Test func positionAndTokenAt() {
        var lexer = SQLLexer("a 'b'")
        #expect(lexer.token(at: 2)?.kind == .stringLiteral)
        #expect(lexer.token(at: 3)?.kind == .word, "lexing may start anywhere")
        lexer.position = 2
        #expect(lexer.next()?.range == 2..<5)
        #expect(lexer.next() == nil)
    }
}
