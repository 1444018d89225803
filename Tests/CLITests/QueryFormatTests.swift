import Foundation
import Testing
import TestSupport

/// `datalake query` against the server's own rendering of the same statement over HTTP: the
/// server is the oracle, outputs are compared byte for byte.
enum QueryCLI {
    /// The `datalake` built next to the test bundle (any scratch path), else the default build.
    static var binary: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let p = dir.appendingPathComponent("datalake").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return CLI.binary
    }

    static var httpPort: String? { CLI.env["CH26_HTTP_PORT"] }

    /// Runs `datalake query --port <26.9> args…` with `stdin`; (status, stdout, stderr).
    static func run(_ args: [String], stdin: Data? = nil) throws -> (Int32, Data, String) {
        try exec(binary, ["query", "--port", CLI.port26] + args, stdin: stdin)
    }

    /// The server's rendering of `sql` over HTTP (the statement carries its FORMAT).
    static func server(_ sql: String) throws -> Data {
        guard let port = httpPort else {
            Issue.record("CH26_HTTP_PORT is not set: the server's HTTP port is the oracle of these tests")
            return Data()
        }
        let (status, out, err) = try exec("/usr/bin/env", ["curl", "-sS", "--fail-with-body", "--data-binary", "@-", "http://127.0.0.1:\(port)/"],
                                          stdin: Data(sql.utf8))
        #expect(status == 0, "HTTP oracle failed: \(err) \(String(decoding: out, as: UTF8.self))")
        return out
    }

    /// Runs `path args…` with `stdin`; (status, stdout, stderr).
    static func exec(_ path: String, _ args: [String], stdin: Data?) throws -> (Int32, Data, String) {
        let r = try ChildProcess.run(path, args, stdin: stdin)
        return (r.status, r.stdout, r.stderrText)
    }

    /// JSON's `statistics.elapsed` differs per run: every other byte must be equal.
    static func maskElapsed(_ d: Data) -> String {
        String(decoding: d, as: UTF8.self).replacingOccurrences(of: #""elapsed": [0-9.e-]+"#, with: #""elapsed": T"#, options: .regularExpression)
    }
}

@Suite(.serialized) struct QueryFormatTests {
    static let formats = ["TabSeparated", "TabSeparatedRaw", "TabSeparatedWithNames", "TabSeparatedWithNamesAndTypes", "CSV", "CSVWithNames",
                          "JSONEachRow", "JSONCompactEachRow", "JSON", "JSONCompact", "Values", "Vertical", "Markdown", "PrettyCompact", "PrettyCompactMonoBlock", "Pretty", "PrettySpace", "Null", "TSV", "tsv", "json"]

    /// One row of every type family, NULLs, composites, special floats and strings.
    static let types = """
        SELECT true b, [true] ab, toDateTime('2020-01-02 03:04:05', 'UTC') dt, [toDateTime('2020-01-02 03:04:05', 'Asia/Kolkata')] adt,
        toDateTime64('2020-01-02 03:04:05.12', 2, 'UTC') d64, toDate('2021-03-04') d, toDate32('1950-01-01') d32,
        1.50::Decimal(9, 2) dc, -0.5::Decimal(38, 10) dc38, CAST(NULL AS Nullable(String)) n, [NULL, 'a']::Array(Nullable(String)) an,
        CAST((1, 'x') AS Tuple(a Int32, s String)) nt, (2, 'y') ut, map(1, 'a') m, map('k', [1], 'l', []) mk, [[1], []] aa, [(1, 'a')] at,
        'a/b' sl, toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0') u, 'x\\ty"\\'\\\\,;' str, concat('u', char(0xE2, 0x80, 0xA8), char(1)) ctl,
        toFixedString('ab', 3) fs, CAST('a' AS Enum8('a' = 1)) e, -inf fi, nan fn, 123::Int64 i64, toUInt128(7) u128, -1::Int256 i256,
        1.5::Float32 f32, 1e300 big, toIPv4('1.2.3.4') ip4, toIPv6('::1') ip6, toLowCardinality('lc') lc, toIntervalDay(3) iv,
        [] e0, map() m0, 1::Variant(Int8, String) v
        """

    static let queries = [
        types,
        "SELECT number % 3 AS k, count() c, toString(k) s FROM numbers(100) GROUP BY k WITH TOTALS ORDER BY k SETTINGS extremes = 1",
        "SELECT number % 3 AS k, [k] a, (k, 'x') t FROM numbers(10) GROUP BY k WITH TOTALS ORDER BY k",
        "SELECT number, toString(number) FROM numbers(5) SETTINGS extremes = 1",
        "SELECT number FROM numbers(100000) LIMIT 3",
        "SELECT 1 WHERE 0",
        // Geo types, MultiPoint and Geometry (a family registered without a CHType case of its own).
        "SELECT arrayJoin([((1.5, 2.)::Point)::Geometry, [(1., 2.), (3., 4.)]::Ring::Geometry, NULL]) g, [(1., 2.)]::MultiPoint mp, (0.1, -2.)::Point p, [[[(1., 2.)]]]::MultiPolygon mpg",
        "SELECT number AS x, x * 2 AS y FROM system.numbers LIMIT 30000 SETTINGS max_block_size = 1000",
    ]

    static let settings = [
        "",
        """
        date_time_output_format = 'iso', output_format_decimal_trailing_zeros = 1, format_tsv_null_representation = 'NUL',
        format_csv_null_representation = 'CN', bool_true_representation = 'Y', bool_false_representation = 'N',
        output_format_json_quote_64bit_integers = 1, output_format_json_quote_denormals = 1, output_format_json_quote_decimals = 1,
        output_format_json_escape_forward_slashes = 0, output_format_json_named_tuples_as_objects = 0, output_format_tsv_crlf_end_of_line = 1
        """,
        """
        date_time_output_format = 'unix_timestamp', output_format_csv_serialize_tuple_into_separate_columns = 0, format_csv_delimiter = ';',
        output_format_json_quote_64bit_floats = 1, output_format_values_escape_quote_with_quote = 1, output_format_csv_crlf_end_of_line = 1,
        output_format_write_statistics = 0, output_format_json_pretty_print = 0
        """,
    ]

    @Test(arguments: formats)
    func everyFormatIsByteIdenticalToTheServer(format: String) throws {
        var compared = 0
        for query in Self.queries {
            for settings in Self.settings {
                let sql = query + " FORMAT \(format)" + (settings.isEmpty ? "" : " SETTINGS " + settings)
                let theirs = try QueryCLI.server(sql)
                let (status, mine, err) = try QueryCLI.run([sql])
                #expect(status == 0, "\(err)")
                #expect(QueryCLI.maskElapsed(mine) == QueryCLI.maskElapsed(theirs), "\(format): \(sql)")
                if let dir = ProcessInfo.processInfo.environment["QUERY_TEST_DUMP"], QueryCLI.maskElapsed(mine) != QueryCLI.maskElapsed(theirs) {
                    try mine.write(to: URL(fileURLWithPath: "\(dir)/\(format)-\(compared).mine"))
                    try theirs.write(to: URL(fileURLWithPath: "\(dir)/\(format)-\(compared).theirs"))
                    try Data(sql.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(format)-\(compared).sql"))
                }
                if format.hasPrefix("JSON") && format.hasSuffix("Compact") || format == "JSON" {
                    #expect(String(decoding: mine, as: UTF8.self).contains("\"rows\""))
                }
                compared += 1
            }
        }
        #expect(compared == Self.queries.count * Self.settings.count)
    }

    @Test func verticalTipsLargeNumbersAsTheServerDoes() throws {
        let sql = """
            SELECT 999999 a, 1000000 b, 1234567 c, -5000000 d, 1234567.5 e, toDecimal64(12345678, 2) g, toUInt64(18446744073709551615) h,
            toInt64(-9223372036854775808) d2, 1e70 i, [1000000] k, toNullable(2000000) l, toInt128(1e20) m, 1e60 o, 1e300 v, 1e17 d1,
            1.1e17 n1, 5e19 h1, 1125000 j, -1375000 k2, -0.001 q, toDate('2020-01-01') dt, inf p FROM numbers(10) WHERE number = 9 FORMAT Vertical
            """
        let (status, mine, err) = try QueryCLI.run([sql])
        #expect(status == 0, "\(err)")
        #expect(mine == (try QueryCLI.server(sql)))
        #expect(String(decoding: mine, as: UTF8.self).contains("j:  1125000 -- 1.13 million"))
    }

    @Test(arguments: ["PrettyCompact", "PrettyCompactMonoBlock", "Pretty", "PrettySpace"])
    func prettyTablesAsTheServerDrawsThem(format: String) throws {
        let queries = [
            "SELECT number n, toString(number * 1000) s, [n] a, if(n = 1, NULL, n) nn, 'é' u FROM numbers(3)",
            "SELECT 1234567", "SELECT 'a\\nbc' x, 2 y", "SELECT 'x\\ny\\nz' a, 'p\\nq' b, 5 c",
            "SELECT number FROM numbers(12)", "SELECT number FROM numbers(49)", "SELECT number FROM numbers(50)",
            "SELECT number n, 'abc' s FROM numbers(50)", "SELECT 'abc' x, 'abcd' y", "SELECT 'ab' s, number n, 'x' AS longname FROM numbers(2)",
            "SELECT number % 3 AS k, count() c FROM numbers(100) GROUP BY k WITH TOTALS ORDER BY k SETTINGS extremes = 1",
            "SELECT number AS x FROM system.numbers LIMIT 3000 SETTINGS max_block_size = 1000",
            // Blocks 100 ms apart: PrettyCompact draws a table each (the server's 50 ms squashing), MonoBlock one.
            "SELECT number * 1000 n FROM numbers(4) WHERE sleepEachRow(0.1) = 0 SETTINGS max_block_size = 1, max_threads = 1",
            // Fallback to Vertical: 5 columns or more, at most 10 rows, wide or multi-line.
            "SELECT 1 a, 2 b, 3 c, 4 d, 'y\\ny' e", "SELECT 1 a, 2 b, 3 c, 4 d, 'y\\ny' e FROM numbers(11)",
            "SELECT repeat('x', 50) a, repeat('x', 50) b, repeat('x', 50) c, repeat('x', 50) d, repeat('x', 50) e",
            "SELECT repeat('x', 49) a, repeat('x', 49) b, repeat('x', 49) c, repeat('x', 49) d, repeat('x', 49) e",
            "SELECT CAST((1, 'x', NULL, 1.5, toDate('2020-01-01')), 'Tuple(a Int64, s String, n Nullable(Int8), f Float64, d Date)') t",
            // Named tuples holding tuples, arrays and maps: JSON objects over lines, nested indents.
            "SELECT CAST((1, (('x', 3), 2)), 'Tuple(a Int32, b Tuple(c Tuple(e String, f Int8), d Int8))') t",
            "SELECT CAST((number, [(1, 'p'), (2, 'q')], [[1, 2], [3]], ['a', 'b'], []), 'Tuple(a Int32, b Array(Tuple(x Int8, y String)), c Array(Array(Int32)), d Array(String), e Array(Tuple(z Int8)))') t FROM numbers(2)",
            "SELECT CAST((1, map('k', (1, 's')), map(), (2, 'z'), [map('m', 1)]), 'Tuple(a Int32, b Map(String, Tuple(x Int8, y String)), c Map(String, Int8), d Tuple(Int8, String), e Array(Map(String, Int32)))') t",
            "SELECT [CAST((1, 'x'), 'Tuple(a Int32, b String)'), CAST((2, 'y'), 'Tuple(a Int32, b String)')] t, map('k', CAST((1, 'x'), 'Tuple(a Int32, b String)')) m",
            "SELECT 1 WHERE 0",
        ]
        for query in queries {
            let sql = query + " FORMAT \(format)"
            let (status, mine, err) = try QueryCLI.run([sql])
            #expect(status == 0, "\(err)")
            #expect(mine == (try QueryCLI.server(sql)), "\(sql)")
        }
        let (status, out, err) = try QueryCLI.run(["SELECT CAST((1, (2, 'x')), 'Tuple(Int8, Tuple(a Int8, s String))') AS t FORMAT \(format)"])
        #expect(status == 1 && out.isEmpty && err.contains("named tuple"), "\(err)")
    }

    @Test func theFormatFlagAndClauseAsTheServerFindsIt() throws {
        let cases: [(args: [String], sql: String, oracle: String)] = [
            ([], "SELECT 1 AS x FORMAT JSONEachRow", "SELECT 1 AS x FORMAT JSONEachRow"),
            ([], "SELECT 'FORMAT CSV' AS s /* FORMAT CSV */ -- FORMAT CSV\n FORMAT JSONEachRow", "SELECT 'FORMAT CSV' AS s FORMAT JSONEachRow"),
            ([], "SELECT 1 AS x FORMAT CSVWithNames SETTINGS max_threads = 1", "SELECT 1 AS x FORMAT CSVWithNames"),
            ([], "SELECT 1 AS x SETTINGS max_threads = 1 FORMAT CSVWithNames;", "SELECT 1 AS x FORMAT CSVWithNames"),
            ([], "SELECT 1 AS format", "SELECT 1 AS format FORMAT TabSeparated"),
            ([], "SELECT format FROM (SELECT 2 AS format) FORMAT JSONCompactEachRow", "SELECT 2 AS format FORMAT JSONCompactEachRow"),
            (["--format", "CSV"], "SELECT 'a' AS s", "SELECT 'a' AS s FORMAT CSV"),
            (["--format", "CSV"], "SELECT 'a' AS s FORMAT TSVWithNames", "SELECT 'a' AS s FORMAT TSVWithNames"),
            (["--format", "Null"], "SELECT number FROM numbers(100000)", "SELECT number FROM numbers(100000) FORMAT Null"),
        ]
        for c in cases {
            let (status, mine, err) = try QueryCLI.run(c.args + [c.sql])
            #expect(status == 0, "\(err)")
            #expect(mine == (try QueryCLI.server(c.oracle)), "\(c.sql)")
        }
    }

    @Test func aFormatNotImplementedIsAnErrorAndPrintsNothing() throws {
        for args in [["SELECT 1 FORMAT Parquet"], ["--format", "XML", "SELECT 1"], ["SELECT 1 FORMAT PrettyNoEscapes"], ["SELECT 1 FORMAT PrettySpaceMonoBlock"]] {
            let (status, out, err) = try QueryCLI.run(args)
            #expect(status == 1)
            #expect(out.isEmpty)
            #expect(err.contains("not supported") && err.contains("TabSeparated, TabSeparatedRaw"), "\(err)")
        }
    }

    @Test func aSettingThatChangesTheTextAndIsNotImplementedIsAnError() throws {
        for args in [["SELECT 1 FORMAT JSON SETTINGS output_format_json_validate_utf8 = 1"],
                     ["--setting", "output_format_trim_fixed_string=1", "SELECT 'a'::FixedString(2)"],
                     ["SET interval_output_format = 'kusto'; SELECT toIntervalDay(1)"]] {
            let (status, out, err) = try QueryCLI.run(args)
            #expect(status == 1, "\(args)")
            #expect(out.isEmpty)
            #expect(err.contains("is not implemented"), "\(err)")
        }
        // A setting of another format family is no obstacle.
        let (status, out, _) = try QueryCLI.run(["SELECT 1 FORMAT TSV SETTINGS output_format_json_validate_utf8 = 1, output_format_parquet_row_group_size = 5"])
        #expect(status == 0 && out == Data("1\n".utf8))
    }

    @Test func settingsFromSetFlagsAndTheClauseAreFollowed() throws {
        let (s1, iso, e1) = try QueryCLI.run(["SET date_time_output_format = 'iso'; SELECT toDateTime(0, 'UTC') FORMAT CSV"])
        #expect(s1 == 0 && iso == Data("\"1970-01-01T00:00:00Z\"\n".utf8), "\(e1)")
        let (s2, yes, _) = try QueryCLI.run(["--setting", "bool_true_representation=yes", "--format", "TSV", "SELECT true"])
        #expect(s2 == 0 && yes == Data("yes\n".utf8))
        let (s3, zeros, _) = try QueryCLI.run(["--setting", "output_format_decimal_trailing_zeros=1", "SELECT 1::Decimal(5, 3) SETTINGS output_format_decimal_trailing_zeros = 0"])
        #expect(s3 == 0 && zeros == Data("1\n".utf8))
    }

    @Test func datesOutOfRangePrintAsTheServerPrintsThem() throws {
        let values = [
            "reinterpret(toInt64(1602709200123000), 'DateTime64(3, \\'UTC\\')')",
            "reinterpret(toInt64(-1602709200123000), 'DateTime64(3, \\'UTC\\')')",
            "reinterpret(toInt64(253402300800123), 'DateTime64(3, \\'UTC\\')')",
            "reinterpret(toInt64(-62167219200001), 'DateTime64(3, \\'UTC\\')')",
            "reinterpret(toInt64(253402318800), 'DateTime64(0, \\'America/New_York\\')')",
            "reinterpret(toInt64(-62167219200 + 17763), 'DateTime64(0, \\'America/New_York\\')')",
            "reinterpret(toInt64(9223372036854775807), 'DateTime64(0, \\'UTC\\')')",
            "reinterpret(toInt64(-9223372036854775808), 'DateTime64(9, \\'UTC\\')')",
        ]
        let dates = ["C0BDF0FF", "40420F00", "FFFFFF7F", "00000080", "A0C02C00", "A1C02C00"]
            .map { "(SELECT d FROM format(RowBinary, 'd Date32', unhex('\($0)')))" }
        for v in values + dates {
            for format in ["TSV", "JSONEachRow", "CSV"] {
                let sql = "SELECT \(v) AS v, [v] AS a FORMAT \(format)"
                let (status, mine, err) = try QueryCLI.run([sql])
                #expect(status == 0, "\(err)")
                #expect(mine == (try QueryCLI.server(sql)), "\(sql)")
            }
        }
        let (_, wrapped, _) = try QueryCLI.run(["SELECT reinterpret(toInt64(1602709200123000), 'DateTime64(3, \\'UTC\\')')"])
        #expect(wrapped == Data("9999-12-31 23:59:59.000\n".utf8))
    }

    @Test func totalsAFormatHasNoPlaceForAreNotedOnStderr() throws {
        let sql = "SELECT number % 2 AS k, count() AS c FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k FORMAT JSONEachRow"
        let (status, out, err) = try QueryCLI.run([sql])
        #expect(status == 0)
        #expect(out == (try QueryCLI.server(sql)))
        #expect(err.contains("WITH TOTALS row not printed"), "\(err)")
    }
}
