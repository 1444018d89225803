import Foundation
import Testing

/// `datalake query` as a script runner, like `clickhouse-client`: statements from an argument,
/// a file or standard input, `SET`/`USE` that last, the first failure stops the run, and
/// `INSERT … FORMAT` with the rows on standard input.
@Suite(.serialized) struct QueryScriptTests {
    static let db = "query_script_tests"

    init() throws {
        let (status, _, err) = try QueryCLI.run(["DROP DATABASE IF EXISTS \(Self.db); CREATE DATABASE \(Self.db)"])
        #expect(status == 0, "\(err)")
    }

    @Test func statementsFromStdinAFileOrTheArgument() throws {
        let script = """
            SELECT 1; -- a comment; with a semicolon
            SELECT 'a;b' /* ; */ AS s FORMAT JSONEachRow;
            SELECT "x;y" FROM (SELECT 2 AS `x;y`)
            ;;
            """
        let expected = Data("1\n{\"s\":\"a;b\"}\n2\n".utf8)
        let (s1, fromStdin, e1) = try QueryCLI.run([], stdin: Data(script.utf8))
        #expect(s1 == 0 && fromStdin == expected, "\(e1)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("queries-\(UUID().uuidString).sql")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (s2, fromFile, _) = try QueryCLI.run(["--queries-file", file.path])
        #expect(s2 == 0 && fromFile == expected)
        let (s3, fromArgument, _) = try QueryCLI.run([script])
        #expect(s3 == 0 && fromArgument == expected)
        let (s4, _, both) = try QueryCLI.run(["--queries-file", file.path, "SELECT 1"])
        #expect(s4 == 1 && both.contains("not both"))
    }

    @Test func setAndUseLastForTheFollowingStatements() throws {
        let (status, out, err) = try QueryCLI.run(["""
            USE \(Self.db); SELECT currentDatabase();
            SET max_threads = 3; SELECT getSetting('max_threads');
            SET output_format_decimal_trailing_zeros = 1; SELECT 1::Decimal(4, 2)
            """])
        #expect(status == 0, "\(err)")
        #expect(out == Data("\(Self.db)\n3\n1.00\n".utf8))
    }

    @Test func theFirstFailureStopsTheRunWithItsNumber() throws {
        let (status, out, err) = try QueryCLI.run(["SELECT 1; SELECT * FROM no_such_table_script; SELECT 3"])
        #expect(status == 2)
        #expect(out == Data("1\n".utf8))
        #expect(err.contains("statement 2 of 3 failed") && err.contains("Code: 60"), "\(err)")
        let (status2, out2, err2) = try QueryCLI.run(["SELECT 1; SELECT 2 FORMAT Parquet; SELECT 3"])
        #expect(status2 == 1 && out2 == Data("1\n".utf8))
        #expect(err2.contains("statement 2 of 3 failed") && err2.contains("Parquet"))
    }

    @Test func insertFormatReadsTheRowsFromStdin() throws {
        let table = "\(Self.db).rows"
        let (s0, _, e0) = try QueryCLI.run(["CREATE TABLE \(table) (a Int32, s String) ENGINE = MergeTree ORDER BY a"])
        #expect(s0 == 0, "\(e0)")
        let (s1, _, e1) = try QueryCLI.run(["INSERT INTO \(table) FORMAT TabSeparated"], stdin: Data("1\tx\n2\ty\\tz".utf8))
        #expect(s1 == 0, "\(e1)")
        let (s2, _, e2) = try QueryCLI.run(["INSERT INTO \(table) (a, s) FORMAT CSV"], stdin: Data("3,\"multi\nline\"\n4,\"q\"\"\"\n".utf8))
        #expect(s2 == 0, "\(e2)")
        let (s3, _, e3) = try QueryCLI.run(["INSERT INTO \(table) FORMAT JSONEachRow"], stdin: Data("{\"a\":5,\"s\":\"j\"}\n{\"a\":6,\n \"s\":\"}\\n{\"}\n".utf8))
        #expect(s3 == 0, "\(e3)")
        let (_, rows, _) = try QueryCLI.run(["SELECT * FROM \(table) ORDER BY a FORMAT JSONCompactEachRow"])
        #expect(String(decoding: rows, as: UTF8.self) == """
            [1, "x"]
            [2, "y\\tz"]
            [3, "multi\\nline"]
            [4, "q\\""]
            [5, "j"]
            [6, "}\\n{"]

            """)
        let (s4, _, e4) = try QueryCLI.run(["INSERT INTO \(table) FORMAT Parquet"], stdin: Data())
        #expect(s4 == 1 && e4.contains("TabSeparated, TabSeparatedRaw, CSV or JSONEachRow"))
        let (s5, _, e5) = try QueryCLI.run([], stdin: Data("INSERT INTO \(table) FORMAT CSV".utf8))
        #expect(s5 == 1 && e5.contains("statements were read from there"))
    }

    @Test func aMalformedRowIsReportedWithItsLineAndWhatWasInserted() throws {
        let table = "\(Self.db).big"
        let (s0, _, e0) = try QueryCLI.run(["CREATE TABLE \(table) (a Int32, s String) ENGINE = MergeTree ORDER BY a"])
        #expect(s0 == 0, "\(e0)")
        // About 3 MiB: several blocks go to the server before the bad row; the rows before it
        // in its block too, as the insert is ended after them.
        var text = ""
        for i in 0..<150_000 { text += "\(i)\tsome value of row \(i)\n" }
        text += "oops\tbad\n1\tafter\n"
        let (status, _, err) = try QueryCLI.run(["INSERT INTO \(table) FORMAT TSV"], stdin: Data(text.utf8))
        #expect(status == 1)
        #expect(err.contains("row 150001 (line 150001) of standard input is malformed, column 'a': cannot parse 'oops' as Int32"), "\(err)")
        #expect(err.contains("Inserted: rows 1-150000 (lines 1-150000) in one INSERT; not inserted: row 150001 (line 150001) and every row after it"), "\(err)")
        let (_, count, _) = try QueryCLI.run(["SELECT count(), max(a) + 1 FROM \(table)"])
        #expect(String(decoding: count, as: UTF8.self) == "150000\t150000\n")
    }
}
