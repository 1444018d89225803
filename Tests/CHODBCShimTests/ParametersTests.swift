import CODBC
import Testing
@testable import CHODBCShim

/// `ParameterMarkers`: finding `?` markers and rendering bound values as ClickHouse literals,
/// offline, by the rules of ODBC 3.x Appendix D, "Converting Data from C to SQL Data Types"
/// (22007 invalid datetime, 22008 datetime field overflow, 22018 not a value of the SQL type)
/// and SQLBindParameter (NULL through SQL_NULL_DATA, SQL_NTS, lengths in bytes).
@Suite struct ParametersTests {
    /// The literal for one value of C type `cType` held in `bytes`, declared as `sqlType`.
    static func literal(_ bytes: [UInt8], cType: Int16, sqlType: Int16 = K.SQL_VARCHAR, octetLength: Int? = nil,
                        length: Int?, indicator: Int? = nil) throws -> String {
        var storage = bytes
        storage.append(contentsOf: [0, 0, 0, 0])
        return try storage.withUnsafeMutableBytes { raw in
            try ParameterMarkers.literal(cType: cType, sqlType: sqlType, data: raw.baseAddress, octetLength: octetLength ?? bytes.count,
                                         length: length, indicator: indicator ?? length)
        }
    }

    /// The literal for a fixed-size C value (an integer, a struct).
    static func literal<T>(of value: T, cType: Int16, sqlType: Int16 = K.SQL_VARCHAR) throws -> String {
        var v = value
        let bytes = withUnsafeBytes(of: &v) { Array($0) }
        return try literal(bytes, cType: cType, sqlType: sqlType, length: MemoryLayout<T>.size)
    }

    static func text(_ s: String, sqlType: Int16 = K.SQL_VARCHAR) throws -> String {
        try literal(Array(s.utf8), cType: K.SQL_C_CHAR, sqlType: sqlType, length: s.utf8.count)
    }

    static func state(_ body: () throws -> String) -> String? { sqlState(of: body) }

    // MARK: Markers

    /// `?` is a marker only outside literals, quoted identifiers and comments.
    @Test func markersAreFoundOutsideLiteralsIdentifiersAndComments() {
        let sql = "SELECT ?, '?', \"?\", `?`, 'it''s ?', 'a\\'?' -- ?\n, /* ? /* ? */ ? */ $$?$$, ? # ?\n, x=?"
        let positions = ParameterMarkers.scan(sql)
        let bytes = Array(sql.utf8)
        #expect(positions.count == 3)
        #expect(positions.allSatisfy { bytes[$0] == UInt8(ascii: "?") })
        #expect(positions.first == 7)
        #expect(positions.last == bytes.count - 1)
    }

    /// Offsets are UTF-8 offsets, so text before a marker may be any Unicode.
    @Test func markerOffsetsAreUTF8() {
        let sql = "SELECT 'é😀', ?"
        let p = ParameterMarkers.scan(sql)
        #expect(p == [Array(sql.utf8).count - 1])
        #expect(ParameterMarkers.substitute(sql, positions: p, literals: ["'x'"]) == "SELECT 'é😀', 'x'")
    }

    @Test func substituteReplacesInOrder() {
        let sql = "INSERT INTO t VALUES (?, ?, ?)"
        let out = ParameterMarkers.substitute(sql, positions: ParameterMarkers.scan(sql), literals: ["1", "NULL", "'?'"])
        #expect(out == "INSERT INTO t VALUES (1, NULL, '?')")
    }

    /// A marker stays one token: the literal does not run into the text next to it.
    @Test func literalsDoNotFuseWithNeighbouringText() {
        func sub(_ sql: String, _ literals: String...) -> String {
            ParameterMarkers.substitute(sql, positions: ParameterMarkers.scan(sql), literals: literals)
        }
        #expect(sub("SELECT 1-?", "-1") == "SELECT 1- -1") // not `1--1`, a comment
        #expect(sub("SELECT 1 -?", "-1") == "SELECT 1 - -1")
        #expect(sub("SELECT 1 - ?", "-1") == "SELECT 1 - -1")
        #expect(sub("SELECT 1-?", "2") == "SELECT 1-2")
        #expect(sub("SELECT x WHERE a=?AND b=?", "1", "2") == "SELECT x WHERE a=1 AND b=2")
        #expect(sub("SELECT 'a'?", "'b'") == "SELECT 'a' 'b'") // not one literal `a'b`
        #expect(sub("SELECT x?", "'41'") == "SELECT x '41'") // not the hex string x'41'
        #expect(sub("SELECT f(?,?)", "-1", "'a'") == "SELECT f(-1,'a')")
        #expect(sub("SELECT 2/?", "-1") == "SELECT 2/-1")
    }

    // MARK: Character data

    @Test func quotesBackslashesAndControlBytesAreEscaped() throws {
        #expect(try Self.text("it's") == #"'it\'s'"#)
        #expect(try Self.text(#"a\b"#) == #"'a\\b'"#)
        #expect(try Self.text("a\nb\tc\rd") == #"'a\nb\tc\rd'"#)
        #expect(try Self.text("\u{1}\u{7F}") == #"'\x01\x7F'"#)
        #expect(try Self.text("é😀") == "'é😀'")
        #expect(try Self.text("'); DROP TABLE t; --") == #"'\'); DROP TABLE t; --'"#)
    }

    /// With an explicit length, NUL bytes are data.
    @Test func nulBytesWithExplicitLength() throws {
        #expect(try Self.literal([97, 0, 98], cType: K.SQL_C_CHAR, length: 3) == #"'a\0b'"#)
    }

    /// SQL_NTS: up to the NUL, never past the buffer (SQL_DESC_OCTET_LENGTH).
    @Test func ntsStopsAtNulOrBufferEnd() throws {
        #expect(try Self.literal(Array("abc\0def".utf8), cType: K.SQL_C_CHAR, length: K.SQL_NTS) == "'abc'")
        #expect(try Self.literal(Array("abcdef".utf8), cType: K.SQL_C_CHAR, octetLength: 4, length: K.SQL_NTS) == "'abcd'")
        // No length/indicator pointer at all: NUL-terminated.
        #expect(try Self.literal(Array("xy\0z".utf8), cType: K.SQL_C_CHAR, length: nil, indicator: nil) == "'xy'")
    }

    /// SQL_NULL_DATA in the indicator: NULL whatever the buffer holds.
    @Test func nullData() throws {
        #expect(try Self.literal([1, 2, 3, 4], cType: K.SQL_C_SLONG, length: K.SQL_NULL_DATA) == "NULL")
        #expect(try Self.literal([], cType: K.SQL_C_CHAR, length: 0, indicator: K.SQL_NULL_DATA) == "NULL")
        #expect(try ParameterMarkers.literal(cType: K.SQL_C_CHAR, sqlType: K.SQL_VARCHAR, data: nil, octetLength: 0,
                                             length: K.SQL_NULL_DATA, indicator: K.SQL_NULL_DATA) == "NULL")
    }

    /// No value pointer but a length that is not SQL_NULL_DATA: HY009.
    @Test func missingValuePointerIsHY009() {
        #expect(Self.state { try ParameterMarkers.literal(cType: K.SQL_C_CHAR, sqlType: K.SQL_VARCHAR, data: nil, octetLength: 0,
                                                          length: 3, indicator: 3) } == "HY009")
    }

    /// A negative length other than the special values: HY090.
    @Test func badLengthIsHY090() {
        #expect(Self.state { try Self.literal(Array("abc".utf8), cType: K.SQL_C_CHAR, length: -5) } == "HY090")
    }

    /// SQL_C_WCHAR: the length is in bytes; SQL_NTS stops at a 0 unit.
    @Test func wideCharacters() throws {
        let units = Array("hé😀'".utf16)
        let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try Self.literal(bytes, cType: K.SQL_C_WCHAR, length: bytes.count) == #"'hé😀\''"#)
        #expect(try Self.literal(bytes + [0, 0, 65, 0], cType: K.SQL_C_WCHAR, length: K.SQL_NTS) == #"'hé😀\''"#)
    }

    /// Text declared as a number goes unquoted when it is a number.
    @Test func numericTextGoesUnquoted() throws {
        #expect(try Self.text(" 42 ", sqlType: K.SQL_INTEGER) == "42")
        #expect(try Self.text("-1.5e3", sqlType: K.SQL_DOUBLE) == "-1.5e3")
        #expect(try Self.text("12.50", sqlType: K.SQL_DECIMAL) == "12.50")
        #expect(try Self.text("42", sqlType: K.SQL_VARCHAR) == "'42'")
    }

    /// Appendix D, character to a numeric SQL type: text that is not a numeric literal is 22018,
    /// not a quoted string the server may read some other way.
    @Test func textThatIsNotANumberForANumericTypeIs22018() throws {
        #expect(Self.state { try Self.text("abc", sqlType: K.SQL_INTEGER) } == "22018")
        #expect(Self.state { try Self.text("", sqlType: K.SQL_BIGINT) } == "22018")
        #expect(Self.state { try Self.text("1; DROP TABLE t", sqlType: K.SQL_DECIMAL) } == "22018")
        #expect(Self.state { try Self.text("0x10", sqlType: K.SQL_INTEGER) } == "22018")
        #expect(try Self.text("NaN", sqlType: K.SQL_DOUBLE) == "nan")
        #expect(try Self.text("-inf", sqlType: K.SQL_REAL) == "-inf")
        #expect(Self.state { try Self.text("inf", sqlType: K.SQL_INTEGER) } == "22018")
    }

    /// Bytes that are not UTF-8 reach the server as they are (\xHH), not as U+FFFD.
    @Test func invalidUTF8CharacterDataKeepsItsBytes() throws {
        let lit = try Self.literal([0x61, 0xE9, 0x62], cType: K.SQL_C_CHAR, length: 3) // Latin-1 "aéb"
        #expect(lit == #"'a\xE9b'"#)
        let sql = ParameterMarkers.substitute("SELECT ?", positions: [7], literals: [lit])
        #expect(!sql.unicodeScalars.contains("\u{FFFD}"))
        #expect(try Self.literal(Array("é".utf8), cType: K.SQL_C_CHAR, length: 2) == "'é'")
    }

    /// Appendix D, character to SQL_BINARY/VARBINARY: the text is hexadecimal digits, two per byte;
    /// anything else is 22018.
    @Test func characterDataForBinaryIsHex() throws {
        #expect(try Self.text("4142ff00", sqlType: K.SQL_VARBINARY) == #"'AB\xFF\0'"#)
        #expect(try Self.text("", sqlType: K.SQL_BINARY) == "''")
        #expect(Self.state { try Self.text("414", sqlType: K.SQL_VARBINARY) } == "22018")
        #expect(Self.state { try Self.text("hello", sqlType: K.SQL_LONGVARBINARY) } == "22018")
        let units = Array("0a".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try Self.literal(units, cType: K.SQL_C_WCHAR, sqlType: K.SQL_VARBINARY, length: 4) == #"'\n'"#)
    }

    // MARK: Binary

    /// Binary values: every byte that is not plain ASCII is written as \xHH.
    @Test func binaryBytesAreHexEscaped() throws {
        #expect(try Self.literal([0x00, 0xFF, 0x41, 0x27], cType: K.SQL_C_BINARY, sqlType: K.SQL_VARBINARY, length: 4) == #"'\0\xFFA\''"#)
    }

    // MARK: Fixed-size C types

    @Test func integers() throws {
        #expect(try Self.literal(of: Int8(-128), cType: K.SQL_C_STINYINT) == "-128")
        #expect(try Self.literal(of: UInt8(255), cType: K.SQL_C_UTINYINT) == "255")
        #expect(try Self.literal(of: Int16(-32768), cType: K.SQL_C_SSHORT) == "-32768")
        #expect(try Self.literal(of: UInt16(65535), cType: K.SQL_C_USHORT) == "65535")
        #expect(try Self.literal(of: Int32.min, cType: K.SQL_C_SLONG) == "-2147483648")
        #expect(try Self.literal(of: UInt32.max, cType: K.SQL_C_ULONG) == "4294967295")
        #expect(try Self.literal(of: Int64.min, cType: K.SQL_C_SBIGINT) == "-9223372036854775808")
        #expect(try Self.literal(of: UInt64.max, cType: K.SQL_C_UBIGINT) == "18446744073709551615")
        #expect(try Self.literal(of: UInt8(1), cType: K.SQL_C_BIT) == "1")
        #expect(try Self.literal(of: UInt8(0), cType: K.SQL_C_BIT) == "0")
    }

    @Test func floatingPoint() throws {
        #expect(try Self.literal(of: 2.5, cType: K.SQL_C_DOUBLE) == "2.5")
        #expect(try Self.literal(of: -0.1, cType: K.SQL_C_DOUBLE) == "-0.1")
        #expect(try Self.literal(of: Double.nan, cType: K.SQL_C_DOUBLE) == "nan")
        #expect(try Self.literal(of: -Double.infinity, cType: K.SQL_C_DOUBLE) == "-inf")
        #expect(try Self.literal(of: Float(0.5), cType: K.SQL_C_FLOAT) == "0.5")
    }

    /// SQL_NUMERIC_STRUCT: sign 1 positive, 0 negative; scale places the point.
    @Test func numericStruct() throws {
        func numeric(_ magnitude: UInt64, scale: Int8, negative: Bool) -> SQL_NUMERIC_STRUCT {
            var s = SQL_NUMERIC_STRUCT()
            s.precision = 38
            s.scale = scale
            s.sign = negative ? 0 : 1
            withUnsafeMutableBytes(of: &s.val) { raw in
                for i in 0..<8 { raw[i] = UInt8(truncatingIfNeeded: magnitude >> (8 * UInt64(i))) }
            }
            return s
        }
        #expect(try Self.literal(of: numeric(12345, scale: 2, negative: true), cType: K.SQL_C_NUMERIC) == "-123.45")
        #expect(try Self.literal(of: numeric(5, scale: 3, negative: false), cType: K.SQL_C_NUMERIC) == "0.005")
        #expect(try Self.literal(of: numeric(7, scale: -2, negative: false), cType: K.SQL_C_NUMERIC) == "700")
        #expect(try Self.literal(of: numeric(0, scale: 0, negative: true), cType: K.SQL_C_NUMERIC) == "0")
    }

    @Test func datesTimesAndTimestamps() throws {
        var d = SQL_DATE_STRUCT()
        (d.year, d.month, d.day) = (2024, 2, 29)
        #expect(try Self.literal(of: d, cType: K.SQL_C_TYPE_DATE) == "'2024-02-29'")
        var t = SQL_TIME_STRUCT()
        (t.hour, t.minute, t.second) = (7, 5, 3)
        #expect(try Self.literal(of: t, cType: K.SQL_C_TYPE_TIME) == "'07:05:03'")
        var ts = SQL_TIMESTAMP_STRUCT()
        (ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.fraction) = (2024, 1, 2, 10, 20, 30, 0)
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_TIMESTAMP) == "'2024-01-02 10:20:30'")
        ts.fraction = 120_000_000 // nanoseconds
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_TIMESTAMP) == "'2024-01-02 10:20:30.12'")
        ts.fraction = 1
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TIMESTAMP, sqlType: K.SQL_TYPE_TIMESTAMP) == "'2024-01-02 10:20:30.000000001'")
    }

    /// 22007: a timestamp struct that is not a timestamp.
    @Test func invalidTimestampIs22007() {
        var ts = SQL_TIMESTAMP_STRUCT()
        (ts.year, ts.month, ts.day) = (2024, 13, 1)
        #expect(Self.state { try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP) } == "22007")
        (ts.month, ts.fraction) = (1, 1_000_000_000)
        #expect(Self.state { try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP) } == "22007")
    }

    /// 22007: date and time structs that are not a date or a time.
    @Test func invalidDateAndTimeAre22007() {
        var d = SQL_DATE_STRUCT()
        (d.year, d.month, d.day) = (2023, 2, 29)
        #expect(Self.state { try Self.literal(of: d, cType: K.SQL_C_TYPE_DATE) } == "22007")
        (d.month, d.day) = (13, 1)
        #expect(Self.state { try Self.literal(of: d, cType: K.SQL_C_DATE) } == "22007")
        (d.month, d.day) = (0, 0)
        #expect(Self.state { try Self.literal(of: d, cType: K.SQL_C_TYPE_DATE) } == "22007")
        var t = SQL_TIME_STRUCT()
        (t.hour, t.minute, t.second) = (24, 0, 0)
        #expect(Self.state { try Self.literal(of: t, cType: K.SQL_C_TYPE_TIME) } == "22007")
        (t.hour, t.minute) = (1, 60)
        #expect(Self.state { try Self.literal(of: t, cType: K.SQL_C_TIME) } == "22007")
        var ts = SQL_TIMESTAMP_STRUCT()
        (ts.year, ts.month, ts.day) = (2024, 4, 31)
        #expect(Self.state { try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP) } == "22007")
    }

    /// Appendix D, timestamp to SQL_TYPE_DATE: time fields must be zero, else 22008; to
    /// SQL_TYPE_TIME: the date is ignored, fractional seconds must be zero, else 22008.
    @Test func timestampToDateOrTimeParameter() throws {
        var ts = SQL_TIMESTAMP_STRUCT()
        (ts.year, ts.month, ts.day) = (2024, 1, 2)
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_DATE) == "'2024-01-02'")
        ts.hour = 1
        #expect(Self.state { try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_DATE) } == "22008")
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_TIME) == "'01:00:00'")
        ts.fraction = 5
        #expect(Self.state { try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_TYPE_TIME) } == "22008")
        #expect(try Self.literal(of: ts, cType: K.SQL_C_TYPE_TIMESTAMP, sqlType: K.SQL_VARCHAR) == "'2024-01-02 01:00:00.000000005'")
    }

    /// Appendix D, time to SQL_TYPE_TIMESTAMP: the date fields are the current date.
    @Test func timeToTimestampParameterTakesTheCurrentDate() throws {
        var t = SQL_TIME_STRUCT()
        (t.hour, t.minute, t.second) = (10, 20, 30)
        let today = CivilText.today()
        let lit = try Self.literal(of: t, cType: K.SQL_C_TYPE_TIME, sqlType: K.SQL_TYPE_TIMESTAMP)
        #expect(lit == "'" + ParameterMarkers.dateText(today.year, today.month, today.day) + " 10:20:30'")
        #expect(try Self.literal(of: t, cType: K.SQL_C_TYPE_TIME, sqlType: K.SQL_TYPE_TIME) == "'10:20:30'")
    }

    @Test func guid() throws {
        guard let g = GUIDText.parse("12345678-9abc-def0-1234-56789abcdef0") else {
            Issue.record("GUID text did not parse")
            return
        }
        #expect(try Self.literal(of: g, cType: K.SQL_C_GUID) == "'12345678-9abc-def0-1234-56789abcdef0'")
    }

    /// HY003: not a C type.
    @Test func unknownCTypeIsHY003() {
        #expect(Self.state { try Self.literal(of: Int32(1), cType: 12345) } == "HY003")
    }

    // MARK: SQL_C_DEFAULT and data at execution

    /// SQL_C_DEFAULT is the C type of the declared SQL type; an undeclared SQL type is VARCHAR.
    @Test func defaultTypes() {
        #expect(ParameterMarkers.types(apdType: K.SQL_C_DEFAULT, ipdType: K.SQL_INTEGER) == (K.SQL_C_SLONG, K.SQL_INTEGER))
        #expect(ParameterMarkers.types(apdType: K.SQL_C_DEFAULT, ipdType: K.SQL_C_DEFAULT) == (K.SQL_C_CHAR, K.SQL_VARCHAR))
        #expect(ParameterMarkers.types(apdType: K.SQL_C_DOUBLE, ipdType: K.SQL_WVARCHAR) == (K.SQL_C_DOUBLE, K.SQL_WVARCHAR))
    }

    /// SQL_DATA_AT_EXEC values arrive with SQLPutData: SQL_NULL_DATA put is NULL, pieces are
    /// joined, wide pieces are UTF-16LE bytes.
    @Test func dataAtExecution() throws {
        #expect(try ParameterMarkers.deferredLiteral(nil, cType: K.SQL_C_CHAR, sqlType: K.SQL_VARCHAR) == "NULL")
        #expect(try ParameterMarkers.deferredLiteral(Array("it's".utf8), cType: K.SQL_C_CHAR, sqlType: K.SQL_VARCHAR) == #"'it\'s'"#)
        #expect(try ParameterMarkers.deferredLiteral([], cType: K.SQL_C_CHAR, sqlType: K.SQL_VARCHAR) == "''")
        #expect(try ParameterMarkers.deferredLiteral([0x68, 0, 0xE9, 0], cType: K.SQL_C_WCHAR, sqlType: K.SQL_WVARCHAR) == "'hé'")
        #expect(try ParameterMarkers.deferredLiteral([0xFF, 0x00], cType: K.SQL_C_BINARY, sqlType: K.SQL_VARBINARY) == #"'\xFF\0'"#)
        #expect(try ParameterMarkers.deferredLiteral(Array("17".utf8), cType: K.SQL_C_CHAR, sqlType: K.SQL_BIGINT) == "17")
    }
}
