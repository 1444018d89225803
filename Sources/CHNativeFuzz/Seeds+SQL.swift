// Seeds for the sql-lexer target: every token kind, settings in their places, ODBC escapes and
// parameter markers, and unterminated spans.
extension Seeds {
    /// Query texts for the SQL lexer.
    static let sqlTexts: [String] = [
        "SELECT 'a', \"b\", `c` -- d\n/* e */ x1$y ? {",
        "SELECT 1 SETTINGS session_timezone = 'Europe/Berlin', output_format_native_encode_types_in_binary_format = 1",
        "SET session_timezone /* c */ = $$UTC$$",
        "SET x = 1; SELECT * FROM t WHERE a = ? AND b = '?' AND c = \"?\" -- ?\n AND d = ?",
        "SELECT $tag$ it's $$ inside $tag$, $$a$$, $x, $1$, $$$",
        "SELECT /* a /* nested */ still */ 1 # note\n#!/usr/bin/clickhouse\n#x",
        "SELECT 'a\\'b', 'a''b', \"q\"\"q\", `b\\`t`, '\\\\'",
        "{fn CONCAT('a', 'b')} {d '2024-01-02'} {ts '2024-01-02 03:04:05'} {oj t LEFT OUTER JOIN u ON 1} {escape '\\'}",
        "INSERT INTO t (a, b) VALUES (?, ?)",
        "SELECT 'unterminated",
        "SELECT /* unterminated /* nested */",
        "SELECT `unterminated\\",
        "SELECT $a$ no close",
        "SELECT 1.5e-3, 0x1F, -- \r\n\t\u{0B}\u{0C} é 名 \u{0}",
    ]

    /// The named sql-lexer seeds.
    static func sqlSeeds() -> [(String, [UInt8])] {
        sqlTexts.enumerated().map { ("sql-\($0.offset)", Array($0.element.utf8)) } + [("invalid-utf8", [0x27, 0xFF, 0xC3, 0x27, 0x24, 0x80, 0x24])]
    }
}
