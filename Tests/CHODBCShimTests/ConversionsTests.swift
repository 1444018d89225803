import CHNative
import CODBC
import Testing
@testable import CHODBCShim

/// `Converter`: ClickHouse cells into the C types applications bind (SQLBindCol, SQLGetData),
/// checked against the ODBC 3.x rules of Appendix D, "Converting Data from SQL to C Data
/// Types": what is written, the length or indicator, and the SQLSTATE (01004 text truncated,
/// 01S07 fractional truncation, 22002 NULL without indicator, 22003 out of range, 22018 not a
/// value of the target type).
@Suite struct ConversionsTests {
    /// What one conversion wrote.
    struct Written {
        var outcome: ConversionOutcome
        /// The whole buffer after the call.
        var buffer: [UInt8]
        /// `*StrLen_or_IndPtr`, or `nil` if nothing was stored.
        var length: Int?

        /// The text written into a SQL_C_CHAR buffer, up to its NUL.
        var text: String { String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self) }
        /// The text written into a SQL_C_WCHAR buffer, up to its NUL.
        var wideText: String {
            var units: [UInt16] = []
            for i in stride(from: 0, to: buffer.count - 1, by: 2) {
                let u = UInt16(buffer[i]) | UInt16(buffer[i + 1]) << 8
                if u == 0 { break }
                units.append(u)
            }
            return String(decoding: units, as: UTF16.self)
        }

        func load<T>(_: T.Type) -> T {
            buffer.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
        }
    }

    static let untouched: UInt8 = 0xEE

    /// Converts row `row` of `column` to `cType` into a buffer of `bufferLength` bytes
    /// (pre-filled with 0xEE), as SQLGetData does when `pieces` is given.
    static func convert(_ column: any Column, row: Int = 0, cType: Int16, bufferLength: Int = 64, withBuffer: Bool = true,
                        withIndicator: Bool = true, numericScale: Int? = nil, pieces: inout PieceState?) throws -> Written {
        let cursor = ColumnCursor(column)
        let size = max(bufferLength, 32)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: untouched, count: size)
        let length = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { length.deallocate() }
        length.pointee = Int.min
        let target = Target(cType: cType, buffer: withBuffer ? buffer : nil, bufferLength: bufferLength,
                            lengthPointer: withIndicator ? length : nil, indicatorPointer: withIndicator ? length : nil,
                            numericScale: numericScale)
        let outcome = try Converter.convert(cursor, row: row, defaultCType: K.SQL_C_CHAR, target: target, pieces: &pieces)
        let bytes = Array(UnsafeRawBufferPointer(start: buffer, count: size))
        return Written(outcome: outcome, buffer: bytes, length: length.pointee == Int.min ? nil : length.pointee)
    }

    /// A bound-column conversion (no SQLGetData progress).
    static func convert(_ column: any Column, row: Int = 0, cType: Int16, bufferLength: Int = 64, withBuffer: Bool = true,
                        withIndicator: Bool = true, numericScale: Int? = nil) throws -> Written {
        var none: PieceState? = nil
        return try convert(column, row: row, cType: cType, bufferLength: bufferLength, withBuffer: withBuffer,
                           withIndicator: withIndicator, numericScale: numericScale, pieces: &none)
    }

    /// The SQLSTATE `body` fails with, or `nil` if it does not fail.
    static func state(_ body: () throws -> Written) -> String? { sqlState(of: body) }

    static func strings(_ values: String...) -> StringColumn { StringColumn(values) }
    static func int64(_ values: Int64...) throws -> any Column { try FixedWidthColumn(type: .int64, values: values) }
    static func uint64(_ values: UInt64...) throws -> any Column { try FixedWidthColumn(type: .uint64, values: values) }
    static func float64(_ values: Double...) throws -> any Column { try FixedWidthColumn(type: .float64, values: values) }
    /// `Decimal(9, 3)` holding `values` thousandths.
    static func decimal(_ values: Int32...) throws -> any Column {
        try FixedWidthColumn(type: .decimal(precision: 9, scale: 3), values: values)
    }
    /// `Date` of days since 1970-01-01.
    static func date(_ days: UInt16...) throws -> any Column { try FixedWidthColumn(type: .date, values: days) }
    /// `DateTime('UTC')` of Unix seconds.
    static func dateTime(_ seconds: UInt32...) throws -> any Column {
        try FixedWidthColumn(type: .dateTime(timezone: "UTC"), values: seconds)
    }
    /// `DateTime64(3, 'UTC')` of Unix milliseconds.
    static func dateTime64(_ millis: Int64...) throws -> any Column {
        try FixedWidthColumn(type: .dateTime64(precision: 3, timezone: "UTC"), values: millis)
    }

    /// 2024-01-02 in days since 1970-01-01, and 2024-01-02 10:20:30 UTC in seconds.
    static let day20240102: UInt16 = 19724
    static let second20240102_102030: UInt32 = 1_704_190_830

    // MARK: Character data (SQL_C_CHAR, SQL_C_WCHAR)

    @Test func charValueThatFitsIsNulTerminatedWithItsByteLength() throws {
        let w = try Self.convert(Self.strings("abc"), cType: K.SQL_C_CHAR, bufferLength: 4)
        #expect(w.outcome == .success)
        #expect(Array(w.buffer.prefix(4)) == Array("abc\0".utf8))
        #expect(w.length == 3)
    }

    /// Byte length >= BufferLength: truncated to BufferLength - 1 bytes plus NUL, 01004, and the
    /// length is the whole value's.
    @Test func charValueNeedsRoomForTheNul() throws {
        let w = try Self.convert(Self.strings("abc"), cType: K.SQL_C_CHAR, bufferLength: 3)
        #expect(w.outcome == .truncated)
        #expect(Array(w.buffer.prefix(4)) == [97, 98, 0, Self.untouched])
        #expect(w.length == 3)
    }

    @Test func charLengthIsInBytesNotCharacters() throws {
        let w = try Self.convert(Self.strings("héllo"), cType: K.SQL_C_CHAR, bufferLength: 64)
        #expect(w.outcome == .success && w.text == "héllo" && w.length == 6)
    }

    @Test func emptyStringIsJustTheNul() throws {
        let w = try Self.convert(Self.strings(""), cType: K.SQL_C_CHAR, bufferLength: 1)
        #expect(w.outcome == .success && w.buffer[0] == 0 && w.length == 0)
    }

    /// A string holding NUL bytes keeps them and its full length (the application reads the length).
    @Test func embeddedNulBytesArePartOfTheValue() throws {
        let column = StringColumn(byteStrings: [[97, 0, 98]])
        let w = try Self.convert(column, cType: K.SQL_C_CHAR, bufferLength: 8)
        #expect(w.outcome == .success && Array(w.buffer.prefix(4)) == [97, 0, 98, 0] && w.length == 3)
    }

    /// No buffer: only the length is returned (SQLGetData with a null TargetValuePtr / BufferLength 0).
    @Test func lengthOnlyWhenThereIsNoBuffer() throws {
        let w = try Self.convert(Self.strings("hello"), cType: K.SQL_C_CHAR, bufferLength: 0, withBuffer: false)
        #expect(w.length == 5)
        #expect(w.outcome == .truncated)
    }

    /// SQLGetData in pieces: each call returns the next BufferLength - 1 bytes with 01004 and the
    /// length of what is left; the last piece SQL_SUCCESS; then SQL_NO_DATA.
    @Test func getDataReturnsTextInPiecesThenNoData() throws {
        let column = Self.strings("abcdefg")
        var pieces: PieceState? = PieceState()
        var got: [(ConversionOutcome, String, Int?)] = []
        for _ in 0..<4 {
            let w = try Self.convert(column, cType: K.SQL_C_CHAR, bufferLength: 4, pieces: &pieces)
            got.append((w.outcome, w.outcome == .noData ? "" : w.text, w.outcome == .noData ? nil : w.length))
        }
        #expect(got.map(\.0) == [.truncated, .truncated, .success, .noData])
        #expect(got.map(\.1) == ["abc", "def", "g", ""])
        #expect(got.map(\.2) == [7, 4, 1, nil])
    }

    @Test func getDataOfAnEmptyValueSucceedsOnceThenNoData() throws {
        var pieces: PieceState? = PieceState()
        let first = try Self.convert(Self.strings(""), cType: K.SQL_C_CHAR, bufferLength: 4, pieces: &pieces)
        let second = try Self.convert(Self.strings(""), cType: K.SQL_C_CHAR, bufferLength: 4, pieces: &pieces)
        #expect(first.outcome == .success && first.length == 0)
        #expect(second.outcome == .noData)
    }

    /// SQL_C_WCHAR: UTF-16 units, BufferLength and the length in bytes.
    @Test func wideCharLengthsAreInBytes() throws {
        let w = try Self.convert(Self.strings("héllo"), cType: K.SQL_C_WCHAR, bufferLength: 64)
        #expect(w.outcome == .success && w.wideText == "héllo" && w.length == 10)
        let t = try Self.convert(Self.strings("héllo"), cType: K.SQL_C_WCHAR, bufferLength: 8)
        #expect(t.outcome == .truncated && t.wideText == "hél" && t.length == 10)
    }

    /// A truncated SQL_C_WCHAR value never ends in half a surrogate pair.
    @Test func wideTruncationKeepsSurrogatePairsWhole() throws {
        let w = try Self.convert(Self.strings("a😀b"), cType: K.SQL_C_WCHAR, bufferLength: 6)
        #expect(w.outcome == .truncated && w.wideText == "a" && w.length == 8)
        var pieces: PieceState? = PieceState()
        var text = ""
        while true {
            let p = try Self.convert(Self.strings("a😀b"), cType: K.SQL_C_WCHAR, bufferLength: 6, pieces: &pieces)
            if p.outcome == .noData { break }
            text += p.wideText
        }
        #expect(text == "a😀b")
    }

    /// Invalid UTF-8 in a String read as SQL_C_CHAR: the bytes as they are.
    @Test func invalidUTF8IsReturnedAsStoredBytesInChar() throws {
        let column = StringColumn(byteStrings: [[0x61, 0xFF, 0x62]])
        let w = try Self.convert(column, cType: K.SQL_C_CHAR, bufferLength: 8)
        #expect(Array(w.buffer.prefix(4)) == [0x61, 0xFF, 0x62, 0] && w.length == 3)
    }

    // MARK: Binary

    /// SQL_C_BINARY: no NUL; byte length <= BufferLength fits, more is 01004.
    @Test func binaryHasNoTerminator() throws {
        let fits = try Self.convert(Self.strings("abcd"), cType: K.SQL_C_BINARY, bufferLength: 4)
        #expect(fits.outcome == .success && Array(fits.buffer.prefix(5)) == [97, 98, 99, 100, Self.untouched] && fits.length == 4)
        let cut = try Self.convert(Self.strings("abcde"), cType: K.SQL_C_BINARY, bufferLength: 4)
        #expect(cut.outcome == .truncated && Array(cut.buffer.prefix(5)) == [97, 98, 99, 100, Self.untouched] && cut.length == 5)
    }

    @Test func binaryInPieces() throws {
        var pieces: PieceState? = PieceState()
        var got: [UInt8] = []
        var outcomes: [ConversionOutcome] = []
        while true {
            let w = try Self.convert(Self.strings("abcdefg"), cType: K.SQL_C_BINARY, bufferLength: 3, pieces: &pieces)
            outcomes.append(w.outcome)
            if w.outcome == .noData { break }
            got += w.buffer.prefix(min(3, w.length ?? 0))
        }
        #expect(got == Array("abcdefg".utf8))
        #expect(outcomes == [.truncated, .truncated, .success, .noData])
    }

    // MARK: NULL

    @Test func nullIsSQLNullData() throws {
        let column = try NullableColumn(nullMap: [1], nested: Self.strings("x"))
        let w = try Self.convert(column, cType: K.SQL_C_SLONG)
        #expect(w.length == K.SQL_NULL_DATA)
        #expect(w.buffer[0] == Self.untouched)
    }

    /// 22002: NULL data fetched and StrLen_or_IndPtr was a null pointer.
    @Test func nullWithoutIndicatorIs22002() throws {
        let column = try NullableColumn(nullMap: [1], nested: Self.strings("x"))
        #expect(Self.state { try Self.convert(column, cType: K.SQL_C_CHAR, withIndicator: false) } == "22002")
    }

    @Test func nullableValueThatIsNotNull() throws {
        let column = try NullableColumn(nullMap: [0], nested: try Self.int64(7))
        let w = try Self.convert(column, cType: K.SQL_C_SLONG)
        #expect(w.load(Int32.self) == 7 && w.length == 4)
    }

    // MARK: Numbers

    @Test func integersWithinRange() throws {
        #expect(try Self.convert(try Self.int64(127), cType: K.SQL_C_STINYINT).load(Int8.self) == 127)
        #expect(try Self.convert(try Self.int64(-128), cType: K.SQL_C_STINYINT).load(Int8.self) == -128)
        #expect(try Self.convert(try Self.int64(255), cType: K.SQL_C_UTINYINT).load(UInt8.self) == 255)
        #expect(try Self.convert(try Self.int64(-32768), cType: K.SQL_C_SSHORT).load(Int16.self) == -32768)
        #expect(try Self.convert(try Self.int64(65535), cType: K.SQL_C_USHORT).load(UInt16.self) == 65535)
        #expect(try Self.convert(try Self.int64(Int64(Int32.min)), cType: K.SQL_C_SLONG).load(Int32.self) == Int32.min)
        #expect(try Self.convert(try Self.uint64(UInt64(UInt32.max)), cType: K.SQL_C_ULONG).load(UInt32.self) == UInt32.max)
        #expect(try Self.convert(try Self.uint64(UInt64.max), cType: K.SQL_C_UBIGINT).load(UInt64.self) == UInt64.max)
        let w = try Self.convert(try Self.int64(Int64.min), cType: K.SQL_C_SBIGINT)
        #expect(w.load(Int64.self) == Int64.min && w.length == 8 && w.outcome == .success)
    }

    /// Loss of whole digits: 22003, buffer untouched.
    @Test func integersOutOfRangeAre22003() throws {
        #expect(Self.state { try Self.convert(try Self.int64(128), cType: K.SQL_C_STINYINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-129), cType: K.SQL_C_STINYINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-1), cType: K.SQL_C_UTINYINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-1), cType: K.SQL_C_ULONG) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-1), cType: K.SQL_C_UBIGINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.uint64(UInt64.max), cType: K.SQL_C_SBIGINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.float64(1e300), cType: K.SQL_C_SBIGINT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.float64(.nan), cType: K.SQL_C_SLONG) } == "22003")
    }

    /// Truncation of fractional digits: the integer part (toward zero) with 01S07.
    @Test func fractionalDigitsDroppedAre01S07() throws {
        let up = try Self.convert(try Self.float64(2.75), cType: K.SQL_C_SLONG)
        #expect(up.outcome == .fractionalTruncation && up.load(Int32.self) == 2)
        let down = try Self.convert(try Self.float64(-2.75), cType: K.SQL_C_SLONG)
        #expect(down.outcome == .fractionalTruncation && down.load(Int32.self) == -2)
        let whole = try Self.convert(try Self.float64(3), cType: K.SQL_C_SLONG)
        #expect(whole.outcome == .success && whole.load(Int32.self) == 3)
        let dec = try Self.convert(try Self.decimal(-12_500), cType: K.SQL_C_SSHORT)
        #expect(dec.outcome == .fractionalTruncation && dec.load(Int16.self) == -12)
        let exact = try Self.convert(try Self.decimal(12_000), cType: K.SQL_C_SSHORT)
        #expect(exact.outcome == .success && exact.load(Int16.self) == 12)
    }

    /// Character data to numbers: leading and trailing spaces ignored; not a numeric literal → 22018.
    @Test func textToNumbers() throws {
        #expect(try Self.convert(Self.strings(" 42 "), cType: K.SQL_C_SLONG).load(Int32.self) == 42)
        #expect(try Self.convert(Self.strings("-7"), cType: K.SQL_C_SBIGINT).load(Int64.self) == -7)
        #expect(try Self.convert(Self.strings("1e3"), cType: K.SQL_C_SLONG).load(Int32.self) == 1000)
        let frac = try Self.convert(Self.strings("1.25"), cType: K.SQL_C_SLONG)
        #expect(frac.outcome == .fractionalTruncation && frac.load(Int32.self) == 1)
        #expect(try Self.convert(Self.strings("2.5"), cType: K.SQL_C_DOUBLE).load(Double.self) == 2.5)
        #expect(Self.state { try Self.convert(Self.strings("4x2"), cType: K.SQL_C_SLONG) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings(""), cType: K.SQL_C_SLONG) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("abc"), cType: K.SQL_C_DOUBLE) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("99999999999999999999999"), cType: K.SQL_C_SBIGINT) } == "22003")
    }

    /// SQL_C_BIT: 0 and 1 as they are; 0 < x < 2 other than 1 truncated with 01S07; x < 0 or x >= 2 → 22003.
    @Test func bitRules() throws {
        let one = try Self.convert(try Self.int64(1), cType: K.SQL_C_BIT)
        #expect(one.outcome == .success && one.load(UInt8.self) == 1 && one.length == 1)
        #expect(try Self.convert(try Self.int64(0), cType: K.SQL_C_BIT).load(UInt8.self) == 0)
        let half = try Self.convert(try Self.float64(1.5), cType: K.SQL_C_BIT)
        #expect(half.outcome == .fractionalTruncation && half.load(UInt8.self) == 1)
        let small = try Self.convert(try Self.float64(0.5), cType: K.SQL_C_BIT)
        #expect(small.outcome == .fractionalTruncation && small.load(UInt8.self) == 0)
        #expect(Self.state { try Self.convert(try Self.int64(2), cType: K.SQL_C_BIT) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-1), cType: K.SQL_C_BIT) } == "22003")
        #expect(Self.state { try Self.convert(Self.strings("x"), cType: K.SQL_C_BIT) } == "22018")
    }

    @Test func floatingPoint() throws {
        #expect(try Self.convert(try Self.float64(0.1), cType: K.SQL_C_DOUBLE).load(Double.self) == 0.1)
        let f = try Self.convert(try Self.float64(0.1), cType: K.SQL_C_FLOAT)
        #expect(f.load(Float.self) == Float(0.1) && f.length == 4)
        #expect(try Self.convert(try Self.int64(-3), cType: K.SQL_C_DOUBLE).load(Double.self) == -3)
        #expect(try Self.convert(try Self.decimal(1_500), cType: K.SQL_C_DOUBLE).load(Double.self) == 1.5)
        #expect(Self.state { try Self.convert(try Self.float64(1e300), cType: K.SQL_C_FLOAT) } == "22003")
        #expect(try Self.convert(try Self.float64(.infinity), cType: K.SQL_C_DOUBLE).load(Double.self) == .infinity)
    }

    /// SQL_C_NUMERIC: sign 1 positive / 0 negative, scale, precision and the little-endian magnitude.
    @Test func numericStruct() throws {
        let w = try Self.convert(try Self.decimal(-123_450), cType: K.SQL_C_NUMERIC)
        let s = w.load(SQL_NUMERIC_STRUCT.self)
        var val = s.val
        let magnitude = withUnsafeBytes(of: &val) { Array($0) }
        // No scale asked for (SQLGetData with SQL_C_NUMERIC): the value's own digits, as the
        // server writes it (-123.45: trailing zeros dropped).
        #expect(s.sign == 0 && s.scale == 2 && s.precision == 5)
        #expect(magnitude.prefix(2) == [0x39, 0x30] && magnitude.dropFirst(2).allSatisfy { $0 == 0 }) // 12345
        #expect(w.length == 19 && w.outcome == .success)
        // A smaller scale asked for (SQL_DESC_SCALE): fractional digits dropped, 01S07.
        let cut = try Self.convert(try Self.decimal(123_450), cType: K.SQL_C_NUMERIC, numericScale: 1)
        let c = cut.load(SQL_NUMERIC_STRUCT.self)
        var cv = c.val
        #expect(c.sign == 1 && c.scale == 1 && withUnsafeBytes(of: &cv) { $0[0] == 0xD2 && $0[1] == 0x04 }) // 1234
        #expect(cut.outcome == .fractionalTruncation)
        // A larger scale: exact, no warning.
        let wide = try Self.convert(try Self.int64(5), cType: K.SQL_C_NUMERIC, numericScale: 2)
        let x = wide.load(SQL_NUMERIC_STRUCT.self)
        var xv = x.val
        #expect(x.scale == 2 && withUnsafeBytes(of: &xv) { $0[0] } == 0xF4 && wide.outcome == .success) // 500
        #expect(Self.state { try Self.convert(Self.strings("1" + String(repeating: "0", count: 40)), cType: K.SQL_C_NUMERIC) } == "22003")
    }

    /// Fixed-size targets ignore BufferLength and report the C type's size.
    @Test func fixedSizeLengths() throws {
        #expect(try Self.convert(try Self.int64(1), cType: K.SQL_C_SSHORT, bufferLength: 0).length == 2)
        #expect(try Self.convert(try Self.int64(1), cType: K.SQL_C_SBIGINT, bufferLength: 1).length == 8)
        #expect(try Self.convert(try Self.int64(1), cType: K.SQL_C_DOUBLE, withBuffer: false).length == 8)
        #expect(try Self.convert(try Self.date(Self.day20240102), cType: K.SQL_C_TYPE_TIMESTAMP).length == 16)
    }

    // MARK: Dates and times

    @Test func dateToDateAndTimestamp() throws {
        let d = try Self.convert(try Self.date(Self.day20240102), cType: K.SQL_C_TYPE_DATE)
        let ds = d.load(SQL_DATE_STRUCT.self)
        #expect((ds.year, ds.month, ds.day) == (2024, 1, 2) && d.outcome == .success && d.length == 6)
        // Date to timestamp: the time fields are zero.
        let ts = try Self.convert(try Self.date(Self.day20240102), cType: K.SQL_C_TYPE_TIMESTAMP).load(SQL_TIMESTAMP_STRUCT.self)
        #expect((ts.year, ts.month, ts.day) == (2024, 1, 2) && (ts.hour, ts.minute, ts.second, ts.fraction) == (0, 0, 0, 0))
    }

    /// Timestamp to date: the time portion truncated, 01S07 when it was not zero.
    @Test func timestampToDate() throws {
        let w = try Self.convert(try Self.dateTime(Self.second20240102_102030), cType: K.SQL_C_TYPE_DATE)
        let d = w.load(SQL_DATE_STRUCT.self)
        #expect((d.year, d.month, d.day) == (2024, 1, 2) && w.outcome == .fractionalTruncation)
        let midnight = try Self.convert(try Self.dateTime(Self.second20240102_102030 - 37_230), cType: K.SQL_C_TYPE_DATE)
        #expect(midnight.outcome == .success)
    }

    /// Timestamp to time: the date portion ignored; 01S07 when fractional seconds were dropped.
    @Test func timestampToTime() throws {
        let w = try Self.convert(try Self.dateTime(Self.second20240102_102030), cType: K.SQL_C_TYPE_TIME)
        let t = w.load(SQL_TIME_STRUCT.self)
        #expect((t.hour, t.minute, t.second) == (10, 20, 30) && w.outcome == .success && w.length == 6)
        let frac = try Self.convert(try Self.dateTime64(Int64(Self.second20240102_102030) * 1000 + 250), cType: K.SQL_C_TYPE_TIME)
        #expect(frac.outcome == .fractionalTruncation)
    }

    /// SQL_TIMESTAMP_STRUCT.fraction is in nanoseconds.
    @Test func timestampFractionIsNanoseconds() throws {
        let w = try Self.convert(try Self.dateTime64(Int64(Self.second20240102_102030) * 1000 + 250), cType: K.SQL_C_TYPE_TIMESTAMP)
        let ts = w.load(SQL_TIMESTAMP_STRUCT.self)
        #expect((ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second) == (2024, 1, 2, 10, 20, 30))
        #expect(ts.fraction == 250_000_000 && w.outcome == .success)
        let odbc2 = try Self.convert(Self.strings("2024-01-02T10:20:30.123456789"), cType: K.SQL_C_TIMESTAMP).load(SQL_TIMESTAMP_STRUCT.self)
        #expect(odbc2.fraction == 123_456_789)
    }

    @Test func textThatIsNotADateIs22018() throws {
        #expect(Self.state { try Self.convert(Self.strings("yesterday"), cType: K.SQL_C_TYPE_DATE) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("2024-13-01"), cType: K.SQL_C_TYPE_DATE) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("2024-01-02 25:00:00"), cType: K.SQL_C_TYPE_TIMESTAMP) } == "22018")
        #expect(Self.state { try Self.convert(try Self.int64(20240102), cType: K.SQL_C_TYPE_DATE) } == "22018")
    }

    /// Appendix D, character to SQL_C_TYPE_DATE / SQL_C_TYPE_TIME: a time is not a date and a
    /// date is not a time (22018, buffer untouched); a day the month does not have is no date.
    @Test func timeIsNotADateAndDateIsNotATime() throws {
        #expect(Self.state { try Self.convert(Self.strings("10:20:30"), cType: K.SQL_C_TYPE_DATE) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("2024-01-02"), cType: K.SQL_C_TYPE_TIME) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("2023-02-29"), cType: K.SQL_C_TYPE_DATE) } == "22018")
        #expect(Self.state { try Self.convert(Self.strings("2024-04-31 00:00:00"), cType: K.SQL_C_TYPE_TIMESTAMP) } == "22018")
        let leap = try Self.convert(Self.strings("2024-02-29"), cType: K.SQL_C_TYPE_DATE).load(SQL_DATE_STRUCT.self)
        #expect((leap.year, leap.month, leap.day) == (2024, 2, 29))
        let t = try Self.convert(Self.strings("10:20:30"), cType: K.SQL_C_TYPE_TIME).load(SQL_TIME_STRUCT.self)
        #expect((t.hour, t.minute, t.second) == (10, 20, 30))
    }

    /// Appendix D, time to SQL_C_TYPE_TIMESTAMP: the date fields are the current date.
    @Test func timeToTimestampTakesTheCurrentDate() throws {
        let before = CivilText.today()
        let ts = try Self.convert(Self.strings("10:20:30"), cType: K.SQL_C_TYPE_TIMESTAMP).load(SQL_TIMESTAMP_STRUCT.self)
        let after = CivilText.today()
        let date = (Int(ts.year), Int(ts.month), Int(ts.day))
        #expect(date == before || date == after)
        #expect(ts.year >= 2024)
        #expect((ts.hour, ts.minute, ts.second, ts.fraction) == (10, 20, 30, 0))
    }

    /// Fractional seconds finer than nanoseconds are dropped with 01S07.
    @Test func subNanosecondDigitsAre01S07() throws {
        let w = try Self.convert(Self.strings("2024-01-02 10:20:30.1234567891"), cType: K.SQL_C_TYPE_TIMESTAMP)
        #expect(w.outcome == .fractionalTruncation && w.load(SQL_TIMESTAMP_STRUCT.self).fraction == 123_456_789)
        let zeros = try Self.convert(Self.strings("2024-01-02 10:20:30.1234567890"), cType: K.SQL_C_TYPE_TIMESTAMP)
        #expect(zeros.outcome == .success)
    }

    /// Appendix D, numeric to SQL_C_CHAR: fractional digits may be cut (01004); when the sign
    /// and whole digits do not fit with the NUL, 22003 and the buffer is untouched.
    @Test func numberTooLongForCharBufferIs22003() throws {
        #expect(Self.state { try Self.convert(try Self.int64(12345), cType: K.SQL_C_CHAR, bufferLength: 5) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(-1234), cType: K.SQL_C_CHAR, bufferLength: 5) } == "22003")
        let fits = try Self.convert(try Self.int64(12345), cType: K.SQL_C_CHAR, bufferLength: 6)
        #expect(fits.outcome == .success && fits.text == "12345" && fits.length == 5)
        let cut = try Self.convert(try Self.decimal(123_456), cType: K.SQL_C_CHAR, bufferLength: 6)
        #expect(cut.outcome == .truncated && cut.text == "123.4" && cut.length == 7)
        let point = try Self.convert(try Self.decimal(123_456), cType: K.SQL_C_CHAR, bufferLength: 4)
        #expect(point.outcome == .truncated && point.text == "123")
        #expect(Self.state { try Self.convert(try Self.decimal(123_456), cType: K.SQL_C_CHAR, bufferLength: 3) } == "22003")
        #expect(Self.state { try Self.convert(try Self.float64(1e300), cType: K.SQL_C_CHAR, bufferLength: 5) } == "22003")
        #expect(Self.state { try Self.convert(try Self.int64(12345), cType: K.SQL_C_WCHAR, bufferLength: 10) } == "22003")
        #expect(try Self.convert(try Self.int64(12345), cType: K.SQL_C_WCHAR, bufferLength: 12).wideText == "12345")
        // Only the length asked for: no error.
        #expect(try Self.convert(try Self.int64(12345), cType: K.SQL_C_CHAR, bufferLength: 0).length == 5)
    }

    /// Appendix D, date to SQL_C_CHAR: BufferLength < 11 is 22003; timestamp to SQL_C_CHAR:
    /// fractional seconds may be cut (01004), BufferLength < 20 is 22003.
    @Test func dateAndTimestampTooLongForCharBufferAre22003() throws {
        #expect(Self.state { try Self.convert(try Self.date(Self.day20240102), cType: K.SQL_C_CHAR, bufferLength: 10) } == "22003")
        #expect(try Self.convert(try Self.date(Self.day20240102), cType: K.SQL_C_CHAR, bufferLength: 11).text == "2024-01-02")
        let ms = Int64(Self.second20240102_102030) * 1000 + 250
        let cut = try Self.convert(try Self.dateTime64(ms), cType: K.SQL_C_CHAR, bufferLength: 20)
        #expect(cut.outcome == .truncated && cut.text == "2024-01-02 10:20:30" && cut.length == 23)
        #expect(Self.state { try Self.convert(try Self.dateTime64(ms), cType: K.SQL_C_CHAR, bufferLength: 19) } == "22003")
        #expect(Self.state { try Self.convert(try Self.dateTime(Self.second20240102_102030), cType: K.SQL_C_CHAR, bufferLength: 19) } == "22003")
        // Text columns are cut anywhere (01004), whatever they hold.
        #expect(try Self.convert(Self.strings("2024-01-02"), cType: K.SQL_C_CHAR, bufferLength: 5).outcome == .truncated)
    }

    // MARK: GUID

    @Test func guidFromText() throws {
        let w = try Self.convert(Self.strings("12345678-9abc-def0-1234-56789abcdef0"), cType: K.SQL_C_GUID)
        let g = w.load(SQLGUID.self)
        var d4 = g.Data4
        #expect(g.Data1 == 0x1234_5678 && g.Data2 == 0x9ABC && g.Data3 == 0xDEF0)
        #expect(withUnsafeBytes(of: &d4) { Array($0) } == [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0])
        #expect(w.length == 16)
        #expect(GUIDText.text(g) == "12345678-9abc-def0-1234-56789abcdef0")
        #expect(Self.state { try Self.convert(Self.strings("12345678-9abc"), cType: K.SQL_C_GUID) } == "22018")
    }

    // MARK: C types

    @Test func defaultCTypeFollowsTheSQLType() {
        func info(_ t: Int16, unsigned: Bool = false) -> SQLTypeInfo {
            SQLTypeInfo(sqlType: t, columnSize: 0, decimalDigits: 0, nullable: false, unsigned: unsigned, typeName: "", localTypeName: "",
                        displaySize: 0, octetLength: 0, radix: nil, caseSensitive: false, literalQuote: nil, fixedPrecisionScale: false)
        }
        #expect(Converter.defaultCType(for: info(K.SQL_INTEGER)) == K.SQL_C_SLONG)
        #expect(Converter.defaultCType(for: info(K.SQL_INTEGER, unsigned: true)) == K.SQL_C_ULONG)
        #expect(Converter.defaultCType(for: info(K.SQL_BIGINT, unsigned: true)) == K.SQL_C_UBIGINT)
        #expect(Converter.defaultCType(for: info(K.SQL_REAL)) == K.SQL_C_FLOAT)
        #expect(Converter.defaultCType(for: info(K.SQL_FLOAT)) == K.SQL_C_DOUBLE)
        #expect(Converter.defaultCType(for: info(K.SQL_DECIMAL)) == K.SQL_C_CHAR)
        #expect(Converter.defaultCType(for: info(K.SQL_WVARCHAR)) == K.SQL_C_WCHAR)
        #expect(Converter.defaultCType(for: info(K.SQL_TYPE_TIMESTAMP)) == K.SQL_C_TYPE_TIMESTAMP)
        #expect(Converter.defaultCType(for: info(K.SQL_VARBINARY)) == K.SQL_C_BINARY)
    }

    /// HY003: a C type that is not one.
    @Test func unknownCTypeIsHY003() throws {
        #expect(!Converter.isSupported(12345))
        #expect(Self.state { try Self.convert(try Self.int64(1), cType: 12345) } == "HY003")
    }
}
