import Testing
@testable import CHODBCShim

/// `ScalarFunctions`: the `{fn ...}` functions of ODBC Appendix E and the ClickHouse SQL they
/// become, and the `SQLGetInfo` bitmasks drawn from the same table. Each mapping's meaning on
/// ClickHouse 26.9 is checked in `ODBCTranslationServerTests` (CHNativeIntegrationTests).
@Suite struct ScalarFunctionsTests {
    static func fn(_ body: String) throws -> String { try EscapeTranslator.translate("{fn \(body)}") }

    static func state(_ body: String) -> String? {
        do {
            _ = try fn(body)
            return nil
        } catch let e as ODBCError {
            return e.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test func stringFunctions() throws {
        #expect(try Self.fn("LENGTH(s)") == "lengthUTF8(trimRight(s))") // LENGTH excludes trailing blanks
        #expect(try Self.fn("LOCATE('l', s)") == "positionUTF8(s, 'l')")
        #expect(try Self.fn("LOCATE('l', s, 4)") == "positionUTF8(s, 'l', toUInt64(4))")
        #expect(try Self.fn("SUBSTRING(s, 2, 3)") == "substringUTF8(s, 2, 3)")
        #expect(try Self.fn("SUBSTRING(s, 2)") == "substringUTF8(s, 2)")
        #expect(try Self.fn("POSITION('a' IN s)") == "positionUTF8(s, 'a')")
        #expect(try Self.fn("POSITION(' in ' IN s)") == "positionUTF8(s, ' in ')")
        #expect(try Self.fn("OCTET_LENGTH(s)") == "length(s)")
        #expect(try Self.fn("BIT_LENGTH(s)") == "(length(s) * 8)")
    }

    @Test func numericFunctions() throws {
        #expect(try Self.fn("CEILING(x)") == "ceil(x)")
        #expect(try Self.fn("MOD(7, 3)") == "modulo(7, 3)")
        #expect(try Self.fn("POWER(2, 10)") == "pow(2, 10)")
        #expect(try Self.fn("TRUNCATE(x, 1)") == "trunc(x, 1)")
        #expect(try Self.fn("RAND()") == "(rand() / 4294967296)")
    }

    @Test func timeDateFunctions() throws {
        #expect(try Self.fn("DAYOFWEEK(d)") == "(toDayOfWeek(d) % 7 + 1)") // 1 = Sunday
        #expect(try Self.fn("EXTRACT(YEAR FROM d)") == "toYear(d)")
        #expect(try Self.fn("extract(second from d)") == "toSecond(d)")
        #expect(try Self.fn("TIMESTAMPADD(SQL_TSI_DAY, 2, t)") == "addDays(t, 2)")
        #expect(try Self.fn("TIMESTAMPADD(sql_tsi_frac_second, 5, t)") == "addNanoseconds(t, 5)") // billionths of a second
        #expect(try Self.fn("TIMESTAMPDIFF(SQL_TSI_HOUR, a, b)") == "dateDiff('hour', a, b)") // b - a
        // WEEK is 1 to 53 (week 1 holds January 1; weeks start on Sunday, like DAYOFWEEK).
        #expect(try Self.fn("WEEK(d)") == "toWeek(d, 8)")
        // CURRENT_TIMESTAMP(p): p digits of fractional seconds.
        #expect(try Self.fn("CURRENT_TIMESTAMP()") == "now()")
        #expect(try Self.fn("CURRENT_TIMESTAMP(3)") == "now64(3)")
    }

    @Test func systemAndConvert() throws {
        #expect(try Self.fn("IFNULL(a, 0)") == "ifNull(a, 0)")
        #expect(try Self.fn("USER()") == "currentUser()")
        #expect(try Self.fn("DATABASE()") == "currentDatabase()")
        #expect(try Self.fn("CONVERT(x, SQL_BIGINT)") == "toInt64(x)")
        #expect(try Self.fn("CONVERT(x, sql_varchar)") == "toString(x)")
        #expect(try Self.fn("CONVERT(x, SQL_BIT)") == "toUInt8(x != 0)")
    }

    @Test func errors() {
        #expect(Self.state("CONVERT(x, SQL_INTERVAL_DAY)") == "HYC00")
        #expect(Self.state("TIMESTAMPADD(SQL_TSI_FORTNIGHT, 1, t)") == "42000")
        #expect(Self.state("EXTRACT(WEEKDAY FROM d)") == "42000")
        #expect(Self.state("POSITION('a', s)") == "42000")
        #expect(Self.state("LOCATE('a')") == "42000")
        #expect(Self.state("NOW(1)") == "42000")
    }

    /// `splitAtKeyword` finds the keyword only as a whole word outside quotes and parentheses.
    @Test func splitAtKeyword() {
        #expect(ScalarFunctions.splitAtKeyword("'a IN b' IN s", "IN").map { [$0.0, $0.1] } == ["'a IN b'", "s"])
        #expect(ScalarFunctions.splitAtKeyword("f(a in b) in s", "IN").map { [$0.0, $0.1] } == ["f(a in b)", "s"])
        #expect(ScalarFunctions.splitAtKeyword("inside IN s", "IN").map { [$0.0, $0.1] } == ["inside", "s"])
        #expect(ScalarFunctions.splitAtKeyword("a IN", "IN") == nil)
        #expect(ScalarFunctions.splitAtKeyword("a, b", "IN") == nil)
    }

    /// SQLGetInfo bitmasks (SQL_FN_STR_*, SQL_FN_NUM_*, SQL_FN_TD_*, SQL_FN_SYS_*) as ODBC defines them.
    @Test func getInfoMasksUseTheODBCBits() {
        let str = ScalarFunctions.mask(.string)
        #expect(str & 0x0000_0001 != 0) // SQL_FN_STR_CONCAT
        #expect(str & 0x0000_1000 != 0) // SQL_FN_STR_UCASE
        #expect(str & 0x0080_0000 != 0) // SQL_FN_STR_POSITION
        #expect(str & 0x0001_0000 != 0) // SQL_FN_STR_LOCATE_2
        let num = ScalarFunctions.mask(.numeric)
        #expect(num == 0x00FF_FFFF) // all 24 SQL_FN_NUM_* functions
        let td = ScalarFunctions.mask(.timedate)
        #expect(td == 0x001F_FFFF) // SQL_FN_TD_NOW ... SQL_FN_TD_EXTRACT
        #expect(ScalarFunctions.mask(.system) == 0x7) // USERNAME, DBNAME, IFNULL
        #expect(ScalarFunctions.mask(.convert) == 0x1) // SQL_FN_CVT_CONVERT
        // Every table entry's rewrite accepts its own arity.
        for (name, entry) in ScalarFunctions.table {
            let args = Array(repeating: "1", count: entry.arity.upperBound)
            if ["POSITION", "EXTRACT", "TIMESTAMPADD", "TIMESTAMPDIFF", "CONVERT"].contains(name) { continue }
            #expect((try? ScalarFunctions.translate(name, args)) != nil, "\(name)")
        }
    }

    /// SQL_CONVERT_* masks: only targets CONVERT knows.
    @Test func convertMasksNameOnlyKnownTargets() {
        let known = ScalarFunctions.convertTargets.values.reduce(UInt32(0)) { $0 | $1.1 }
        for key: UInt16 in [53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 68, 69, 70, 71, 122, 125, 126, 173] {
            #expect(ScalarFunctions.convertMask(fromInfoKey: key) & ~known == 0, "SQL_CONVERT key \(key)")
        }
        #expect(ScalarFunctions.convertMask(fromInfoKey: 1) == 0)
    }
}
