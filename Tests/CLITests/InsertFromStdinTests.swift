import Foundation
import Testing
import TestSupport

/// `INSERT … FORMAT` from standard input, sent as native blocks: what a malformed row, an
/// unsupported type or setting, a server refusal and a huge input do — and that the message
/// about what was inserted is true (checked with count()).
@Suite(.serialized) struct InsertFromStdinTests {
    static let db = "insert_from_stdin_tests"
    let server = InsertServer.ch26

    init() throws {
        for s in [InsertServer.ch26, .ch18] {
            _ = try s.http("DROP DATABASE IF EXISTS \(Self.db)")
            _ = try s.http("CREATE DATABASE \(Self.db)")
        }
    }

    func table(_ columns: String, on s: InsertServer = .ch26) throws -> String {
        let t = "\(Self.db).t_\(UInt32.random(in: 0...UInt32.max))"
        _ = try s.http("CREATE TABLE \(t) (\(columns)) ENGINE = \(s.modern ? "MergeTree ORDER BY tuple()" : "Memory")")
        return t
    }

    func count(_ t: String, on s: InsertServer = .ch26) throws -> String {
        try s.http("SELECT count() FROM \(t) FORMAT TabSeparated")
    }

    /// Rows spanning lines, a header row, several blocks before the bad row: its row and line
    /// are exact, and exactly the rows before it are in the table.
    @Test(arguments: ["TabSeparated", "CSV", "JSONEachRow"])
    func aMalformedRowInsertsExactlyTheRowsBeforeIt(format: String) throws {
        let t = try table("a Int32, s String")
        var text = format == "JSONEachRow" ? "[\n" : format == "CSV" ? "a,s\n" : "a\ts\n"
        let good = 100_000
        for i in 0..<good {
            switch format {
            case "CSV": text += i % 10 == 0 ? "\(i),\"two\nlines\"\n" : "\(i),one\n"
            case "JSONEachRow": text += i % 10 == 0 ? "{\"a\": \(i),\n \"s\": \"two\"},\n" : "{\"a\":\(i),\"s\":\"one\"},\n"
            default: text += i % 10 == 0 ? "\(i)\ttwo\\\nlines\n" : "\(i)\tone\n"
            }
        }
        // 10,000 rows of two lines, one header line (the JSON array's bracket for JSON).
        let badLine = 1 + good + good / 10 + 1
        switch format {
        case "CSV": text += "2147483648,big\n1,after\n"
        case "JSONEachRow": text += "{\"a\":2147483648,\"s\":\"big\"},\n{\"a\":1}]\n"
        default: text += "2147483648\tbig\n1\tafter\n"
        }
        let (status, _, err) = try server.cli(["INSERT INTO \(t) FORMAT \(format)"], stdin: Data(text.utf8))
        #expect(status == 1, "\(err)")
        #expect(err.contains("row \(good + 1) (line \(badLine)) of standard input is malformed, column 'a': '2147483648' is out of the range of Int32"), "\(err)")
        #expect(err.contains("Inserted: rows 1-\(good) (lines 1-\(badLine - 1)) in one INSERT; not inserted: row \(good + 1) (line \(badLine)) and every row after it"), "\(err)")
        #expect(try count(t) == "\(good)\n")
    }

    @Test func aBadFirstRowInsertsNothing() throws {
        let t = try table("a Int32, d Date")
        let (status, _, err) = try server.cli(["INSERT INTO \(t) FORMAT CSV"], stdin: Data("1,2149-06-07\n2,2024-01-01\n".utf8))
        #expect(status == 1)
        #expect(err.contains("row 1 (line 1) of standard input is malformed, column 'd': '2149-06-07' is outside the range of Date") && err.contains("Inserted: nothing"), "\(err)")
        #expect(try count(t) == "0\n")
    }

    /// A JSON row that leaves out a column with a DEFAULT expression (which the server would
    /// evaluate, and a client sending blocks cannot) is refused; columns without one take
    /// their type's default.
    @Test func anOmittedColumnWithADefaultExpressionIsRefused() throws {
        let t = try table("a Int32, s String DEFAULT concat('x', toString(a)), n Nullable(Int32)")
        let (s1, _, e1) = try server.cli(["INSERT INTO \(t) FORMAT JSONEachRow"], stdin: Data("{\"a\":1,\"s\":\"given\"}\n{\"a\":2}\n".utf8))
        #expect(s1 == 1 && e1.contains("row 2 (line 2) of standard input is malformed, column 's'") && e1.contains("DEFAULT expression"), "\(e1)")
        #expect(try server.http("SELECT * FROM \(t) FORMAT TabSeparated") == "1\tgiven\t\\N\n")
        // On 18.16 an omitted key is the type's default, which the client stores.
        let old = try table("a Int32, s String DEFAULT 'x'", on: .ch18)
        let (s2, _, e2) = try InsertServer.ch18.cli(["INSERT INTO \(old) FORMAT JSONEachRow"], stdin: Data("{\"a\":2}\n".utf8))
        #expect(s2 == 0, "\(e2)")
        #expect(try InsertServer.ch18.http("SELECT * FROM \(old) FORMAT TabSeparated") == "2\t\n")
    }

    @Test func unsupportedTypesAndSettingsAreRefusedBeforeAnyData() throws {
        let t = try table("a Int32, v Variant(String, UInt64)")
        let (s1, _, e1) = try server.cli(["INSERT INTO \(t) FORMAT TSV"], stdin: Data("1\tx\n".utf8))
        #expect(s1 == 1 && e1.contains("column 'v' (Variant(String, UInt64))") && e1.contains("nothing was inserted"), "\(e1)")
        let u = try table("a Int32")
        let (s2, _, e2) = try server.cli(["--setting", "input_format_allow_errors_num=5", "INSERT INTO \(u) FORMAT TSV"], stdin: Data("1\n".utf8))
        #expect(s2 == 1 && e2.contains("input_format_allow_errors_num") && e2.contains("nothing was inserted"), "\(e2)")
        let (s3, _, e3) = try server.cli(["INSERT INTO \(u) SETTINGS format_tsv_null_representation = 'NULL' FORMAT TSV"], stdin: Data("1\n".utf8))
        #expect(s3 == 1 && e3.contains("format_tsv_null_representation"), "\(e3)")
        #expect(try count(u) == "0\n")
        // A setting the parser follows, given in the statement.
        let (s4, _, e4) = try server.cli(["INSERT INTO \(u) SETTINGS format_csv_delimiter = ';' FORMAT CSV"], stdin: Data("7\n8;\n".utf8))
        #expect(s4 == 0, "\(e4)")
        #expect(try count(u) == "2\n")
    }

    /// The session timezone (`--setting session_timezone`) is the one DateTime text is in.
    @Test func dateTimeTextIsInTheSessionTimezone() throws {
        let t = try table("d DateTime")
        let (status, _, err) = try server.cli(["--setting", "session_timezone=Asia/Tokyo", "INSERT INTO \(t) FORMAT TSV"], stdin: Data("2024-01-05 10:11:12\n".utf8))
        #expect(status == 0, "\(err)")
        #expect(try server.http("SELECT toUnixTimestamp(d) FROM \(t) FORMAT TabSeparated") == "1704417072\n")
    }

    /// A row longer than 64 MiB is refused with the rows before it inserted, instead of being
    /// read whole.
    @Test func aGiganticRowIsRefusedPastTheLimit() throws {
        let t = try table("a Int32, s String")
        var text = Data("1\tsmall\n2\t".utf8)
        text.append(Data(repeating: UInt8(ascii: "x"), count: 65 << 20))
        text.append(Data("\n3\tz\n".utf8))
        let (status, err, peak) = try PeakMemory.run(QueryCLI.binary, ["query", "--port", server.nativePort, "INSERT INTO \(t) FORMAT TSV"], stdin: text)
        #expect(status == 1)
        #expect(err.contains("row 2 (line 2) of standard input is malformed: a row longer than 64 MiB") && err.contains("Inserted: rows 1-1 (lines 1-1)"), "\(err)")
        #expect(try count(t) == "1\n")
        // The row was not held whole: about the limit, not the 65 MiB row twice over.
        #expect(peak < 200 << 20, "peak RSS \(peak >> 20) MiB")
    }

    /// The server refusing the data part-way is its error (status 2), with what was sent.
    @Test func aServerRefusalKeepsStatus2() throws {
        let t = try table("a UInt64")
        let sink = t + "_sink", view = t + "_mv"
        _ = try server.http("CREATE TABLE \(sink) (x UInt8) ENGINE = Memory")
        _ = try server.http("CREATE MATERIALIZED VIEW \(view) TO \(sink) AS SELECT throwIf(a >= 100000) AS x FROM \(t)")
        let text = (0..<300_000).map { "\($0)\n" }.joined()
        let (status, _, err) = try server.cli(["--setting", "min_insert_block_size_rows=1", "INSERT INTO \(t) FORMAT TSV"], stdin: Data(text.utf8))
        #expect(status == 2, "\(err)")
        #expect(err.contains("Code: 395") && err.contains("the INSERT failed after rows 1-") && err.contains("check with SELECT count()"), "\(err)")
    }

    /// Two million rows in one INSERT: the process's peak memory stays about one block, not
    /// the input (60 MB here), and about the same as for a tenth of it.
    @Test func memoryStaysBoundedByABlock() throws {
        func peak(rows: Int) throws -> Int {
            let t = try table("id UInt64, name String, score Float64, day Date")
            var text = Data()
            text.reserveCapacity(rows * 40)
            for i in 0..<rows { text.append(contentsOf: "\(i)\tname number \(i)\t\(Double(i) / 8)\t2024-01-\(10 + i % 20)\n".utf8) }
            let (status, err, peak) = try PeakMemory.run(QueryCLI.binary, ["query", "--port", server.nativePort, "INSERT INTO \(t) FORMAT TSV"], stdin: text)
            #expect(status == 0, "\(err)")
            #expect(try count(t) == "\(rows)\n")
            return peak
        }
        let small = try peak(rows: 200_000), large = try peak(rows: 2_000_000)
        #expect(large < 100 << 20, "peak RSS for 2M rows: \(large >> 20) MiB")
        #expect(large - small < 24 << 20, "peak RSS grew from \(small >> 20) MiB (200k rows) to \(large >> 20) MiB (2M rows)")
    }
}

/// The peak resident memory of a program, from its own `/proc/<pid>/status` (`VmHWM`, the
/// high-water mark of its memory after exec), read until it exits. (`wait4`'s `ru_maxrss`
/// would not do: a child started with `posix_spawn` shares its parent's memory until exec,
/// and the kernel counts the parent's peak as the child's.)
enum PeakMemory {
    static func run(_ path: String, _ arguments: [String], stdin: Data, timeout: Double = 600) throws -> (Int32, String, Int) {
        let child = try ChildProcess.Running(path, arguments, stdin: stdin)
        defer { child.cleanUp() }
        var peak = 0
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let hwm = highWaterMark(child.pid) { peak = max(peak, hwm) }
            guard child.isRunning else { break }
            usleep(2_000)
        }
        let status = try child.wait(timeout: 1)
        return (status, String(decoding: child.stderr(), as: UTF8.self), peak)
    }

    /// VmHWM of `pid` in bytes, while it runs.
    static func highWaterMark(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).dropLast(3).trimmingCharacters(in: .whitespaces)) else { return nil }
        return kb * 1024
    }
}
