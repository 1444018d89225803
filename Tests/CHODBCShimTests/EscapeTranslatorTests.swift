import Testing
@testable import CHODBCShim

/// `EscapeTranslator`: the ODBC escape sequences of the ODBC 3.x Programmer's Reference
/// ("Escape Sequences in ODBC", Appendix E) rewritten as ClickHouse SQL, offline. That the
/// translations mean on ClickHouse 26.9 what ODBC says is checked against the server by
/// `ODBCTranslationServerTests` in CHNativeIntegrationTests and Tests/odbc/test_escapes.py.
@Suite struct EscapeTranslatorTests {
    static func t(_ sql: String) throws -> String { try EscapeTranslator.translate(sql) }

    /// The SQLSTATE translating `sql` fails with, or `nil`.
    static func state(_ sql: String) -> String? {
        do {
            _ = try EscapeTranslator.translate(sql)
            return nil
        } catch let e as ODBCError {
            return e.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test func textWithoutEscapesIsUnchanged() throws {
        for sql in ["SELECT 1", "", "SELECT '}' , \"{\"", "SELECT x FROM t WHERE a = ? -- }"] {
            #expect(try Self.t(sql) == sql)
        }
    }

    // MARK: Date, time and timestamp literals

    @Test func dateTimeAndTimestampLiterals() throws {
        #expect(try Self.t("SELECT {d '2024-01-02'}") == "SELECT toDate('2024-01-02')")
        #expect(try Self.t("SELECT {t '10:20:30'}") == "SELECT '10:20:30'")
        #expect(try Self.t("SELECT {ts '2024-01-02 10:20:30'}") == "SELECT toDateTime('2024-01-02 10:20:30')")
        // Fractional seconds keep their precision.
        #expect(try Self.t("SELECT {ts '2024-01-02 10:20:30.123456'}") == "SELECT toDateTime64('2024-01-02 10:20:30.123456', 6)")
        // Keywords in any case, spaces optional around the literal.
        #expect(try Self.t("{D'2024-01-02'}") == "toDate('2024-01-02')")
        #expect(try Self.t("{ ts   '2024-01-02 00:00:00'  }") == "toDateTime('2024-01-02 00:00:00')")
    }

    /// A literal that is not a date, time or timestamp is a syntax error (42000), never pasted into SQL.
    @Test func badDateTimeLiteralsAre42000() {
        #expect(Self.state("SELECT {d 'yesterday'}") == "42000")
        #expect(Self.state("SELECT {d '2024-01-02'') OR (1=1'}") == "42000")
        #expect(Self.state("SELECT {ts '2024-01-02 10:20:30.'}") == "42000")
        #expect(Self.state("SELECT {ts '2024-01-02 10:20:30.1234567890'}") == "42000")
        #expect(Self.state("SELECT {d '2024-01-02'") == "42000")
        #expect(Self.state("SELECT {d 2024-01-02}") == "42000")
    }

    // MARK: Scalar functions

    @Test func scalarFunctions() throws {
        #expect(try Self.t("SELECT {fn UCASE(name)} FROM t") == "SELECT upperUTF8(name) FROM t")
        #expect(try Self.t("{fn ucase ( 'x' ) }") == "upperUTF8('x')")
        #expect(try Self.t("{fn NOW()}") == "now()")
        #expect(try Self.t("{fn PI()}") == "pi()")
        #expect(try Self.t("{fn CONCAT('a,b', ')')}") == "concat('a,b', ')')")
    }

    /// Escapes nest: arguments are translated first.
    @Test func nestedEscapes() throws {
        #expect(try Self.t("{fn UCASE({fn CONCAT({fn LCASE('A')}, 'b')})}") == "upperUTF8(concat(lowerUTF8('A'), 'b'))")
        #expect(try Self.t("{fn YEAR({d '2024-02-29'})}") == "toYear(toDate('2024-02-29'))")
        #expect(try Self.t("{fn CONCAT(f(a, (b)), {fn LCASE(c)})}") == "concat(f(a, (b)), lowerUTF8(c))")
    }

    /// Parameter markers stay markers inside escapes.
    @Test func markersInsideEscapes() throws {
        #expect(try Self.t("SELECT {fn UCASE(?)}, {fn CONCAT(?, '!')}") == "SELECT upperUTF8(?), concat(?, '!')")
    }

    /// Comments in arguments: not separators, and a line comment keeps its newline.
    @Test func commentsInsideArguments() throws {
        #expect(try Self.t("{fn CONCAT('a' /* , */, 'b')}") == "concat('a' /* , */, 'b')")
        #expect(try Self.t("{fn CONCAT('a' -- x\n, 'b')}") == "concat('a' -- x\n, 'b')")
    }

    @Test func unknownFunctionIsHYC00AndWrongArityIs42000() {
        #expect(Self.state("{fn NO_SUCH_FN(1)}") == "HYC00")
        #expect(Self.state("{fn UCASE('a', 'b')}") == "42000")
        #expect(Self.state("{fn UCASE('a'}") == "42000")
        #expect(Self.state("{fn }") == "42000")
    }

    // MARK: Outer joins, LIKE escape, intervals, procedures, GUIDs

    @Test func outerJoin() throws {
        #expect(try Self.t("SELECT * FROM {oj a LEFT OUTER JOIN b ON (a.x = b.x)} WHERE 1")
                == "SELECT * FROM  a LEFT OUTER JOIN b ON (a.x = b.x) WHERE 1")
        #expect(try Self.t("SELECT * FROM {oj a LEFT OUTER JOIN {oj b LEFT OUTER JOIN c ON b.y = c.y} ON a.x = b.x}")
                == "SELECT * FROM  a LEFT OUTER JOIN  b LEFT OUTER JOIN c ON b.y = c.y ON a.x = b.x")
    }

    /// `{escape '\'}`: ClickHouse LIKE patterns always escape with a backslash, so the clause
    /// goes; any other escape character cannot be honoured (HYC00) rather than being ignored.
    @Test func likeEscape() throws {
        #expect(try Self.t(#"SELECT a LIKE 'x\_%' {escape '\'}"#) == #"SELECT a LIKE 'x\_%' "#)
        #expect(Self.state("SELECT a LIKE 'x!_%' {escape '!'}") == "HYC00")
    }

    @Test func intervalLiteral() throws {
        #expect(try Self.t("SELECT now() + {INTERVAL '1' DAY}") == "SELECT now() + INTERVAL '1' DAY")
        #expect(try Self.t("SELECT {interval '2-3' YEAR TO MONTH}") == "SELECT INTERVAL '2-3' YEAR TO MONTH")
    }

    /// ClickHouse has no stored procedures: `{call ...}` and `{?= call ...}` are HYC00.
    @Test func procedureCallsAreHYC00() {
        #expect(Self.state("{call p(1)}") == "HYC00")
        #expect(Self.state("{ ?= call p(1)}") == "HYC00")
    }

    /// `{guid '...'}` (ODBC 3.8): a UUID; anything else in it is a syntax error.
    @Test func guidLiteral() throws {
        #expect(try Self.t("SELECT {guid '12345678-9abc-DEF0-1234-56789abcdef0'}") == "SELECT toUUID('12345678-9abc-DEF0-1234-56789abcdef0')")
        #expect(try Self.t("WHERE id = {GUID'00000000-0000-0000-0000-000000000000'}") == "WHERE id = toUUID('00000000-0000-0000-0000-000000000000')")
        #expect(Self.state("SELECT {guid '12345678-9abc-def0-1234'}") == "42000")
        #expect(Self.state("SELECT {guid 'x2345678-9abc-def0-1234-56789abcdef0'}") == "42000")
        #expect(Self.state("SELECT {guid '12345678-9abc-def0-1234-56789abcdef0') OR (1'}") == "42000")
    }

    // MARK: What is not an escape

    /// Braces inside string literals, quoted identifiers and comments are text.
    @Test func escapesInLiteralsIdentifiersAndCommentsAreLeftAlone() throws {
        let sql = "SELECT '{fn UCASE(''x'')}' AS `{fn LCASE(y)}`, \"{d '2024-01-01'}\" -- {fn NOW()}\n, /* {d '2024-01-01'} /* {fn X()} */ */ 1 # {fn X()}\n"
        #expect(try Self.t(sql) == sql)
        let heredoc = "SELECT $${fn UCASE('b')}$$, $tag${d 'x'}$tag$"
        #expect(try Self.t(heredoc) == heredoc)
        #expect(try Self.t(#"SELECT 'a\'{fn X()}'"#) == #"SELECT 'a\'{fn X()}'"#)
    }

    /// ClickHouse's own braces pass: `{name:Type}` query parameters, map literals, JSON text.
    @Test func clickHouseBracesPassThrough() throws {
        for sql in ["SELECT {x:UInt8}", "SELECT {x: String}", "SELECT {'a': 1}", "SELECT {}", "SELECT {1, 2}",
                    "SELECT {fnord:UInt8}", "SELECT {d:Date}"] {
            #expect(try Self.t(sql) == sql)
        }
    }

    /// Hostile nesting is refused, not a stack overflow.
    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "{fn UCASE(", count: 500) + "'x'" + String(repeating: ")}", count: 500)
        #expect(Self.state(deep) == "42000")
    }
}
