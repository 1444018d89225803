import Foundation
import Testing
import TestSupport

/// The interactive shell of `datalake query` in a real terminal: tmux runs it, `send-keys`
/// types, `capture-pane` reads the screen.
@Suite(.serialized) struct QueryShellTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Terminal {
        let session = "datalake-shell-\(UUID().uuidString.prefix(8))"

        /// Runs tmux (the server it may start inherits no descriptor of ours).
        @discardableResult
        func tmux(_ args: [String]) throws -> String {
            let r = try ChildProcess.run(QueryShellTests.tmux ?? "/usr/bin/tmux", args, timeout: 60)
            return r.stdoutText + r.stderrText
        }

        /// Types `line` and Enter (a `;` at the end escaped from tmux's command parser).
        func type(_ line: String) throws {
            let body = line.hasSuffix(";") ? String(line.dropLast()) : line
            if !body.isEmpty { try tmux(["send-keys", "-t", session, "-l", body]) }
            if line.hasSuffix(";") { try tmux(["send-keys", "-t", session, "\\;"]) }
            try tmux(["send-keys", "-t", session, "Enter"])
        }

        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

        /// Waits up to `seconds` for `text` to be on the screen.
        func wait(for text: String, seconds: Double = 10) throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try screen().contains(text) { return true }
                usleep(100_000)
            }
            return false
        }
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed"))
    func multiLineStatementsCtrlCCancelsHistoryAndExit() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("datalake-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let term = Terminal()
        let command = "DATALAKE_HISTORY_FILE=\(history.path) \(QueryCLI.binary) query --port \(CLI.port26); echo SHELL-EXITED-$?; sleep 30"
        try term.tmux(["new-session", "-d", "-s", term.session, "-x", "160", "-y", "50", command])
        defer { _ = try? term.tmux(["kill-session", "-t", term.session]) }
        #expect(try term.wait(for: "datalake :)"))

        // A statement over two lines; the ';' inside the string does not end it; PrettyCompact on a terminal.
        try term.type("SELECT number AS n,")
        try term.type("'x;y' AS s FROM numbers(2);")
        #expect(try term.wait(for: "2 rows in set."))
        let table = try term.screen()
        #expect(table.contains("┌─n─┬─s───┐") && table.contains("2. │ 1 │ x;y │"), "\(table)")

        // A long query: the progress line appears, Ctrl-C cancels it on the server, the shell stays.
        try term.type("SELECT sleep(3) FROM numbers(3) SETTINGS max_block_size = 1;")
        #expect(try term.wait(for: "→ Progress:"))
        try term.tmux(["send-keys", "-t", term.session, "C-c"])
        #expect(try term.wait(for: "Query was cancelled."))
        try term.type("SELECT 'still here';")
        #expect(try term.wait(for: "│ still here   │"))

        try term.type("exit")
        #expect(try term.wait(for: "SHELL-EXITED-0"))
        let saved = (try? String(contentsOf: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("'x;y' AS s FROM numbers(2);") && saved.contains("SELECT 'still here';"), "\(saved)")
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed"))
    func ctrlDLeaves() throws {
        let term = Terminal()
        try term.tmux(["new-session", "-d", "-s", term.session, "-x", "120", "-y", "20",
                       "\(QueryCLI.binary) query --port \(CLI.port26); echo SHELL-EXITED-$?; sleep 30"])
        defer { _ = try? term.tmux(["kill-session", "-t", term.session]) }
        #expect(try term.wait(for: "datalake :)"))
        try term.tmux(["send-keys", "-t", term.session, "C-d"])
        #expect(try term.wait(for: "SHELL-EXITED-0"))
    }
}
