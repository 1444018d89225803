import CHNative
import CODBC
import Foundation
import Testing
@testable import CHODBCShim

/// The SQL the pure layers produce (escape translation, scalar functions, parameter literals),
/// run on the real ClickHouse 26.9 server through CHNative: what ClickHouse makes of it is what
/// ODBC says it means. Needs `CH26_PORT` (the environment or `.servers/env`); skipped without.
@Suite(.serialized, .enabled(if: TranslationServer.port != nil, "CH26_PORT is not set"))
struct ODBCTranslationServerTests {
    static func connect() throws -> Connection { try TranslationServer.connect() }

    /// The one row `sql` returns, as TabSeparated text (no newline).
    static func row(_ c: Connection, _ sql: String) throws -> String {
        var f = ResultFormatter(format: .tabSeparated)
        var out = TextOutput()
        for b in try c.queryAll(sql) { f.write(b, to: &out) }
        var text = String(decoding: out.bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `{fn ...}` and literal escapes, translated, evaluate to what ODBC defines.
    @Test func escapesMeanWhatODBCSays() throws {
        let c = try Self.connect()
        defer { c.close() }
        let cases: [(String, String)] = [
            // WEEK: 1-53, week 1 holds January 1 (2022-01-01 is a Saturday), weeks start on Sunday.
            ("{fn WEEK({d '2022-01-01'})}", "1"), ("{fn WEEK({d '2022-01-02'})}", "2"), ("{fn WEEK({d '2022-12-31'})}", "53"),
            ("{fn WEEK({d '2023-01-01'})}", "1"),
            ("{fn DAYOFWEEK({d '2024-03-03'})}", "1"), ("{fn DAYOFWEEK({d '2024-03-09'})}", "7"),
            ("{fn LENGTH('ab  ')}", "2"), ("{fn CHAR_LENGTH('ab  ')}", "4"), ("{fn OCTET_LENGTH('é')}", "2"),
            ("{fn LOCATE('l', 'hello')}", "3"), ("{fn LOCATE('l', 'hello', 4)}", "4"), ("{fn LOCATE('z', 'hello')}", "0"),
            ("{fn INSERT('abcdef', 2, 3, 'XY')}", "aXYef"), ("{fn LEFT('héllo', 2)}", "hé"), ("{fn RIGHT('héllo', 2)}", "lo"),
            ("{fn SUBSTRING('héllo', 2, 3)}", "éll"), ("{fn ASCII('A')}", "65"), ("{fn CHAR(66)}", "B"),
            ("{fn SPACE(2)}", "  "), ("{fn BIT_LENGTH('ab')}", "16"), ("{fn POSITION('lo' IN 'hello')}", "4"),
            ("{fn MOD(-7, 3)}", "-1"), ("{fn TRUNCATE(-2.789, 1)}", "-2.7"), ("{fn ROUND(2.567, 2)}", "2.57"),
            ("{fn SIGN(-3)}", "-1"), ("{fn DEGREES({fn PI()})}", "180"), ("{fn CEILING(-2.5)}", "-2"),
            ("{fn TIMESTAMPDIFF(SQL_TSI_HOUR, {ts '2024-01-01 00:00:00'}, {ts '2024-01-02 06:00:00'})}", "30"),
            ("{fn TIMESTAMPDIFF(SQL_TSI_DAY, {ts '2024-01-02 00:00:00'}, {ts '2024-01-01 00:00:00'})}", "-1"),
            ("{fn TIMESTAMPADD(SQL_TSI_MONTH, 1, {d '2024-01-31'})}", "2024-02-29"),
            ("{fn EXTRACT(MONTH FROM {ts '2024-05-06 07:08:09'})}", "5"),
            ("{fn CONVERT('42', SQL_INTEGER)}", "42"), ("{fn CONVERT(5, SQL_BIT)}", "1"), ("{fn CONVERT(0, SQL_BIT)}", "0"),
            ("{fn IFNULL(NULL, 'x')}", "x"), ("{fn DAYNAME({d '2024-03-03'})}", "Sunday"),
            ("toTypeName({fn CURRENT_TIMESTAMP(3)})", "DateTime64(3)"), ("toTypeName({fn CURRENT_TIMESTAMP()})", "DateTime"),
            ("{d '2024-02-29'}", "2024-02-29"), ("{ts '2024-01-02 03:04:05.5'}", "2024-01-02 03:04:05.5"),
            ("{guid '12345678-9ABC-def0-1234-56789abcdef0'}", "12345678-9abc-def0-1234-56789abcdef0"),
            ("toTypeName({guid '12345678-9abc-def0-1234-56789abcdef0'})", "UUID"),
            ("{d '2024-01-31'} + {INTERVAL '1' DAY}", "2024-02-01"),
            (#"'a_b' LIKE 'a\_b' {escape '\'}"#, "1"), (#"'axb' LIKE 'a\_b' {escape '\'}"#, "0"),
            (#"'50%' LIKE '50\%' {escape '\'}"#, "1"), (#"'500' LIKE '50\%' {escape '\'}"#, "0"),
        ]
        for (escape, expected) in cases {
            let sql = try EscapeTranslator.translate("SELECT " + escape)
            #expect(try Self.row(c, sql) == expected, "\(escape) → \(sql)")
        }
    }

    /// Parameter literals read back as the value the application bound.
    @Test func parameterLiteralsReadBackExactly() throws {
        let c = try Self.connect()
        defer { c.close() }
        func text(_ bytes: [UInt8], sqlType: Int16 = K.SQL_VARCHAR, cType: Int16 = K.SQL_C_CHAR) throws -> String {
            var b = bytes + [0]
            return try b.withUnsafeMutableBytes {
                try ParameterMarkers.literal(cType: cType, sqlType: sqlType, data: $0.baseAddress, octetLength: bytes.count,
                                             length: bytes.count, indicator: bytes.count)
            }
        }
        // Strings with every byte that needs escaping, and bytes that are not UTF-8.
        for value: [UInt8] in [Array("it's \\ a\u{0}b\n\t\r\u{1}\u{7F}é😀".utf8), [0x61, 0xE9, 0xFF, 0x80, 0x62], Array((0...255).map(UInt8.init))] {
            let hex = value.map { String(format: "%02X", $0) }.joined()
            #expect(try Self.row(c, "SELECT hex(\(try text(value)))") == hex)
            #expect(try Self.row(c, "SELECT hex(\(try text(value, cType: K.SQL_C_BINARY)))") == hex)
        }
        // Character data for a binary parameter is hexadecimal.
        #expect(try Self.row(c, "SELECT hex(\(try text(Array("00ff41".utf8), sqlType: K.SQL_VARBINARY)))") == "00FF41")
        // A negative number after a minus sign is still subtracted, not a comment.
        for sql in ["SELECT 1-?", "SELECT 1 -?", "SELECT 2*?-?"] {
            let positions = ParameterMarkers.scan(sql)
            let out = ParameterMarkers.substitute(sql, positions: positions, literals: Array(repeating: "-1", count: positions.count))
            #expect(try Self.row(c, out) == (sql == "SELECT 2*?-?" ? "-1" : "2"), "\(out)")
        }
        let glued = "SELECT 1 AS a WHERE a=?AND 1"
        #expect(try Self.row(c, ParameterMarkers.substitute(glued, positions: ParameterMarkers.scan(glued), literals: ["1"])) == "1")
        // Timestamps with nanoseconds, as DateTime64(9).
        var ts = SQL_TIMESTAMP_STRUCT()
        (ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.fraction) = (2024, 2, 29, 23, 59, 58, 123_456_789)
        let lit = try withUnsafeMutableBytes(of: &ts) {
            try ParameterMarkers.literal(cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_TIMESTAMP, data: $0.baseAddress,
                                         octetLength: 16, length: 16, indicator: 16)
        }
        #expect(try Self.row(c, "SELECT toDateTime64(\(lit), 9, 'UTC')") == "2024-02-29 23:59:58.123456789")
    }
}

/// Where the ClickHouse 26.9 server is: `CH26_HOST`/`CH26_PORT` from the environment or `.servers/env`.
enum TranslationServer {
    static let env: [String: String] = {
        var values: [String: String] = [:]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if let text = try? String(contentsOfFile: root.appendingPathComponent(".servers/env").path, encoding: .utf8) {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let l = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
                guard let eq = l.firstIndex(of: "=") else { continue }
                values[String(l[..<eq])] = String(l[l.index(after: eq)...])
            }
        }
        for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("CH") { values[k] = v }
        return values
    }()

    static let port: Int? = env["CH26_PORT"].flatMap { Int($0) }

    static func connect() throws -> Connection {
        try Connection(configuration: ConnectionConfiguration(host: env["CH26_HOST"] ?? "127.0.0.1", port: port ?? 9000))
    }
}
