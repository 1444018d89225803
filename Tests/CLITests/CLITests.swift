import Foundation
import Testing
import TestSupport

/// Runs the built `datalake` executable like a user would.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        for config in ["debug", "release"] {
            let p = root.appendingPathComponent(".build/\(config)/datalake").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root.appendingPathComponent(".build/debug/datalake").path
    }

    static let env: [String: String] = {
        var values: [String: String] = [:]
        if let text = try? String(contentsOfFile: root.appendingPathComponent(".servers/env").path, encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("export ") {
                let kv = line.dropFirst(7)
                if let eq = kv.firstIndex(of: "=") { values[String(kv[..<eq])] = String(kv[kv.index(after: eq)...]) }
            }
        }
        for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("CH") { values[k] = v }
        return values
    }()

    static var port26: String { env["CH26_PORT"] ?? "9000" }

    /// Runs `datalake args...`; returns (exit status, stdout, stderr).
    static func run(_ args: [String]) throws -> (Int32, String, String) {
        let r = try ChildProcess.run(binary, args)
        return (r.status, r.stdoutText, r.stderrText)
    }
}

@Suite(.serialized) struct CLITests {
    @Test func tabSeparatedIsByteIdenticalToTheServer() throws {
        let select = "SELECT number, toString(number) || ' x', [number, NULL], toDateTime(1700000000 + number, 'Asia/Kolkata'), number / 3, toLowCardinality('a') FROM numbers(1000)"
        let (status, mine, _) = try CLI.run(["query", "--port", CLI.port26, "--compression", "lz4", select])
        #expect(status == 0)
        let (_, theirs, _) = try CLI.run(["query", "--port", CLI.port26, "--format", "TabSeparated",
                                          "SELECT arrayStringConcat(groupArray(r), '') FROM (SELECT CAST(formatRow('TabSeparated', *) AS String) AS r FROM (\(select)))"])
        // `theirs` is the server's text, printed once more escaped by TabSeparated: unescape it.
        let unescaped = theirs.dropLast().replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
            .replacingOccurrences(of: "\\'", with: "'").replacingOccurrences(of: "\\\\", with: "\\")
        #expect(mine.count > 10000)
        #expect(mine == unescaped)
    }

    @Test func namesAndJSON() throws {
        let (s1, names, _) = try CLI.run(["query", "--port", CLI.port26, "--format", "TabSeparatedWithNames", "SELECT 1 AS a, 'x' AS b"])
        #expect(s1 == 0 && names == "a\tb\n1\tx\n")
        let (s2, json, _) = try CLI.run(["query", "--port", CLI.port26, "--format", "JSONEachRow", "SELECT 1 AS a, 'x\"' AS b, [1,2] AS c"])
        #expect(s2 == 0 && json == "{\"a\":1,\"b\":\"x\\\"\",\"c\":[1,2]}\n")
        let (s3, null, _) = try CLI.run(["query", "--port", CLI.port26, "--format", "Null", "SELECT number FROM numbers(100000)"])
        #expect(s3 == 0 && null.isEmpty)
        let (s4, empty, _) = try CLI.run(["query", "--port", CLI.port26, "--format", "TabSeparatedWithNames", "SELECT 1 AS a WHERE 0"])
        #expect(s4 == 0 && empty == "a\n")
    }

    /// The receive timeout is the user's to set: a silent server ends the query with a timeout
    /// error (18.16 sends nothing while `sleep` runs), and nonsense values are refused.
    @Test func theReceiveTimeoutCanBeShortened() throws {
        let port18 = CLI.env["CH18_PORT"] ?? "9001"
        let (status, out, err) = try CLI.run(["query", "--port", port18, "--receive-timeout", "1", "SELECT sleep(2.5)"])
        #expect(status == 1)
        #expect(out.isEmpty)
        #expect(err.contains("timeout") && err.contains("1.0 s"), "\(err)")
        for bad in ["0", "-1", "nan"] {
            let (s, _, e) = try CLI.run(["query", "--port", CLI.port26, "--receive-timeout", bad, "SELECT 1"])
            #expect(s != 0 && e.contains("--receive-timeout"), "\(bad): \(e)")
        }
    }

    /// -v logs the client's lifecycle to stderr and leaves stdout alone; no level shows a password.
    @Test func verboseLogsToStderr() throws {
        let (status, out, err) = try CLI.run(["query", "--port", CLI.port26, "-v", "SELECT 7"])
        #expect(status == 0 && out == "7\n")
        #expect(err.contains("connected") && err.contains("query finished"), "\(err)")
        let user = CLI.env["CH_TEST_USER"] ?? "test_user", password = CLI.env["CH_TEST_PASSWORD"] ?? "test_password"
        let (s2, _, e2) = try CLI.run(["query", "--port", CLI.port26, "--user", user, "--password", password, "--log-level", "trace", "SELECT 8"])
        #expect(s2 == 0 && e2.contains("query text") && !e2.contains(password))
        let (s3, _, e3) = try CLI.run(["query", "--port", CLI.port26, "--log-level", "loud", "SELECT 1"])
        #expect(s3 != 0 && e3.contains("--log-level"))
    }

    @Test func serverErrorsGoToStderrWithTheCode() throws {
        let (status, out, err) = try CLI.run(["query", "--port", CLI.port26, "SELECT * FROM no_such_table_cli"])
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err.contains("Code: 60.") && err.contains("no_such_table_cli"))
        let (status2, _, err2) = try CLI.run(["query", "--port", "1", "SELECT 1"])
        #expect(status2 == 1 && err2.contains("127.0.0.1:1"))
        let (status3, _, err3) = try CLI.run(["query", "--port", CLI.port26, "--compression", "brotli", "SELECT 1"])
        #expect(status3 != 0 && err3.contains("--compression"))
    }

    @Test func parametersAndSettings() throws {
        let (status, out, _) = try CLI.run(["query", "--port", CLI.port26, "--param", "s=it's", "--setting", "max_block_size=77",
                                            "SELECT {s:String}, getSetting('max_block_size')"])
        #expect(status == 0 && out == "it\\'s\t77\n")
    }

    @Test func tlsFlagsAgainstTheOldServer() throws {
        guard let tls = CLI.env["CH18_TLS_PORT"], let ca = CLI.env["CH_TLS_CA"] else { Issue.record("no TLS server"); return }
        let (ok, out, _) = try CLI.run(["query", "--port", tls, "--secure", "--ca-file", ca, "SELECT 'tls'"])
        #expect(ok == 0 && out == "tls\n")
        let (bad, _, err) = try CLI.run(["query", "--port", tls, "--secure", "SELECT 1"])
        #expect(bad == 1 && err.contains("certificate verification"))
        let (insecure, out2, _) = try CLI.run(["query", "--port", tls, "--secure", "--accept-invalid-certificate", "SELECT 2"])
        #expect(insecure == 0 && out2 == "2\n")
    }
}

@Suite(.serialized) struct CLIServerTests {
    /// `datalake server start|status|stop` run from another program with pipes on its output
    /// (as CI systems and test runners do): start returns, the pipes reach EOF, the server answers.
    @Test func serverStartStatusStopFromAProgram() throws {
        let dir = NSTemporaryDirectory() + "datalake-cli-server-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = String(Int.random(in: 30000...39000))
        let (rc, out, err) = try CLI.run(["server", "start", "--port", port, "--data", dir])
        defer { _ = try? CLI.run(["server", "stop", "--data", dir]) }
        #expect(rc == 0, "\(err)")
        #expect(out.contains("127.0.0.1:\(port)"))
        let (src, sout, _) = try CLI.run(["server", "status", "--port", port, "--data", dir])
        #expect(src == 0 && sout.hasPrefix("running"))
        let (qrc, qout, _) = try CLI.run(["query", "--port", port, "SELECT 6 * 7"])
        #expect(qrc == 0 && qout == "42\n")
        let (stop, stopOut, _) = try CLI.run(["server", "stop", "--data", dir])
        #expect(stop == 0 && stopOut == "stopped\n")
        let (after, _, _) = try CLI.run(["server", "status", "--port", port, "--data", dir])
        #expect(after == 3)
    }

    /// A port already served by another ClickHouse (the test's 26.9) is not taken for this data
    /// directory's server, even when the directory's pid file names a live process and its port
    /// file that port (a stale record): `start` refuses the port instead of calling the foreign
    /// server its own, and `status` does not report it as running. The embedded server announces
    /// a display name of its own, which the probes check.
    @Test func anotherServerOnThePortIsNotMistakenForOurs() throws {
        let dir = NSTemporaryDirectory() + "datalake-cli-foreign-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let standIn = try ChildProcess.Running("/bin/sleep", ["60"])
        defer { standIn.cleanUp() }
        try "\(standIn.pid)\n".write(toFile: dir + "/server.pid", atomically: true, encoding: .utf8)
        try "\(CLI.port26)\n".write(toFile: dir + "/server.port", atomically: true, encoding: .utf8)

        let (status, out, _) = try CLI.run(["server", "status", "--port", CLI.port26, "--data", dir])
        #expect(status == 3 && out == "not running\n")
        let (rc, startOut, err) = try CLI.run(["server", "start", "--port", CLI.port26, "--data", dir])
        #expect(rc != 0, "\(startOut)")
        #expect(err.contains("port \(CLI.port26) is already served by another ClickHouse"), "\(err)")
    }
}
